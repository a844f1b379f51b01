package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.core.internal.dispatch.SpaceQuota;
import io.github.gchatappender.core.internal.transport.JdkHttpTransport;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import io.github.gchatappender.examples.LocalChatServer;
import io.github.gchatappender.redis.RedisFleetStoreProvider;
import io.github.gchatappender.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replicas of a fleet, each a sender with a quota of its own as a JVM of its own has, and a Redis fleet
 * store of its own (its own client and connection), posting to one space of the local stand-in, which
 * answers 429 to a second message within a second in the same space, as Google does. {@link FleetTest}
 * is the same fleet without a store; here the store is real: a {@code redis-server} child process with
 * a password, killed and restarted as a crash and its supervisor would.
 *
 * <p>In the package of the core, for the engine's seam ({@link EngineParts}). Each replica's transport is
 * the JDK's, as in production, and its store a {@link io.github.gchatappender.redis.RedisFleetStore}
 * opened as the core opens one; both are wrapped to record who did what and when, so that a target
 * missed can be traced to its replica and its moment. Nothing the fleet prints, and no status line, may
 * show the store's password.
 */
class RedisFleetTest {

    /** Distinctive, so that finding it anywhere is no coincidence. */
    private static final String PASSWORD = "Fl33t-redis-S3CRET-9c4e";

    private static final String[] KINDS = {"Alpha", "Bravo", "Charlie", "Delta", "Echo"};
    private static final ThrowableSnapshot FAILURE = ThrowableSnapshot.of(new IllegalStateException("database down"));
    /** A space of its own for warming a store up: the fleet's space and threads are left untouched. */
    private static final String WARM_UP_SPACE = "spaces/warm-up";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    /** The callers' path of an adapter, over events the test has built. */
    private enum Reader implements LogEventReader<AlertEvent> {
        INSTANCE;

        @Override
        public String loggerName(AlertEvent event) {
            return event.loggerName();
        }

        @Override
        public String exceptionClassName(AlertEvent event) {
            return event.throwable().className();
        }

        @Override
        public String messageTemplate(AlertEvent event) {
            return event.messagePattern();
        }

        @Override
        public long timestampMillis(AlertEvent event) {
            return event.timestampMillis();
        }

        @Override
        public AlertEvent snapshot(AlertEvent event) {
            return event;
        }
    }

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(printed, originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(printed, originalErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void nothingPrintedThePassword() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .as("what the fleet, Lettuce and Netty printed")
                .doesNotContain(PASSWORD);
    }

    /**
     * Eight replicas with a store in FleetTest's storm: each logs 20,000 errors in 10 s in 5 kinds, runs
     * 40 s more, and stops. The targets: at most one 429 in the whole run (FleetTest, without a store,
     * meets dozens), nothing dropped, each kind's thread with exactly one message with a stack trace (from
     * the replica whose touch opened the incident; the others' messages are follow-ups naming the host)
     * and exactly one resolved note, each kind's first message within 5 s of its first event, and a store
     * that never fails meanwhile. Every miss is collected and reported at once, with the fleet's timeline.
     *
     * <p>On the two runs of this commit (2 cores, other builds beside) it printed: 52 and 48 requests; 3
     * and 1 answered 429, all while the test stopped the fleet (a stopping replica takes no fleet permit,
     * and its messages land within the second of a running replica's); nothing dropped; one stack trace
     * per thread; but no resolved note in any thread, and each kind's full first message after [3817, 9319,
     * 4913, 14828, 15927] and [521, 15949, 45673, 19244, 31358] ms, most of them after "again on host"
     * follow-ups in their threads (any message of the kind after [513, 1612, 4913, 6017, 2712] and [521,
     * 8226, 2721, 3825, 9331] ms). The test fails on those targets, which are left as they were set:
     *
     * <ul>
     *   <li>Every replica that joined an incident posts its own follow-up at once: for the dispatcher a
     *       thread it has not posted to is a new kind, which pacing never delays and which goes before the
     *       others. So 8 × 5 first messages compete for the fleet's one permit in 1.1 s, and the one with
     *       the stack trace waits its turn among them.
     *   <li>A note the store granted (claim 0) whose send is then refused the fleet's permit is claimed again
     *       at the next step; the store answers -1, and the replica leaves the note to another, which it
     *       holds itself. The store's trace shows each grant followed 50 ms later by -1 to the same replica.
     *       With the grant remembered (tried, not committed) notes came, but 2 or 3 a thread, one before
     *       its full first message: the store keeps a claim only for the quiet period, and the replicas'
     *       notes fall due tens of seconds apart, each counted from its own first message in the thread.
     * </ul>
     */
    @Test
    void eightReplicasWithAStoreMeetNo429AndPostOneFirstMessageAndOneNotePerThread() throws Exception {
        int replicas = 8;
        int events = 20_000;
        Duration storm = Duration.ofSeconds(10);
        Duration after = Duration.ofSeconds(40);
        Trace trace = new Trace();
        try (RedisServer redis = RedisServer.startedWithPassword(PASSWORD);
                LocalChatServer chat = LocalChatServer.start(trace.chatConsole())) {
            List<Replica> fleet = new ArrayList<>();
            try {
                for (int i = 0; i < replicas; i++) {
                    fleet.add(Replica.start("replica-" + i, chat, redis.url(), trace));
                }
                Instant stormStarted = Instant.now();
                trace.started = System.nanoTime();
                CountDownLatch stormOver = storms(fleet, trace.started, storm, events);
                // The scenario's own length, not a wait for a result: the replicas keep running 40 s after the storm.
                List<String> progress = new ArrayList<>();
                long end = trace.started + storm.plus(after).toNanos();
                long sampleNanos = TimeUnit.SECONDS.toNanos(5);
                for (long sample = trace.started + sampleNanos; sample - end <= 0; sample += sampleNanos) {
                    parkUntil(sample);
                    progress.add(String.format(
                            Locale.ROOT,
                            "%ds %d/%d",
                            TimeUnit.NANOSECONDS.toSeconds(sample - trace.started),
                            chat.tooManyRequests(),
                            chat.requests()));
                }
                assertThat(stormOver.await(10, TimeUnit.SECONDS)).isTrue();
                long stopping = System.nanoTime();
                trace.stopping = stopping;
                for (Replica replica : fleet) {
                    replica.stop();
                }
                long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);

                Counts counts = Counts.of(fleet, events);
                Map<String, List<String>> threads = chat.threads();
                List<String> byThread = new ArrayList<>();
                List<Long> firstAnyMillis = new ArrayList<>();
                List<Long> firstFullMillis = new ArrayList<>();
                for (String kind : KINDS) {
                    List<String> thread = threadOf(threads, kind);
                    byThread.add(kind + " " + shape(thread));
                    firstAnyMillis.add(millisAfter(stormStarted, chat.firstReceivedContaining("in " + kind)));
                    firstFullMillis.add(
                            millisAfter(stormStarted, chat.firstReceivedContaining("logger com.acme." + kind)));
                }
                List<String> offerMaxMillis =
                        fleet.stream().map(Replica::offerMaxMillis).collect(Collectors.toList());
                System.out.println(String.format(
                        Locale.ROOT,
                        "RedisFleetTest (8 replicas): %d requests, %d answered 429, %d messages in the space"
                                + " in %d threads; events accepted %d, delivered %d, dropped %d; first message of each"
                                + " kind after %s ms, its full one (stack trace) after %s ms; threads"
                                + " (F full, H again on host, A again, R resolved) %s; 429s/requests so far at %s;"
                                + " stop took %d ms; offer max ms by replica %s; 429s: %s",
                        chat.requests(),
                        chat.tooManyRequests(),
                        threads.values().stream().mapToInt(List::size).sum(),
                        threads.size(),
                        counts.accepted,
                        counts.delivered,
                        counts.dropped,
                        firstAnyMillis,
                        firstFullMillis,
                        byThread,
                        progress,
                        stopMillis,
                        offerMaxMillis,
                        trace.rejections()));
                System.out.println("RedisFleetTest (8 replicas) timeline (+ms: until the answer): " + trace.timeline());
                System.out.println("RedisFleetTest (8 replicas) store: " + trace.storeSummary());

                SoftAssertions softly = new SoftAssertions();
                softly.assertThat(counts.dropped).as("events dropped").isZero();
                softly.assertThat(chat.invalidArguments())
                        .as("requests answered 400")
                        .isZero();
                softly.assertThat(threads).as("threads in the space").hasSizeLessThanOrEqualTo(KINDS.length + 1);
                for (String kind : KINDS) {
                    List<String> thread = threadOf(threads, kind);
                    softly.assertThat(thread.stream().filter(RedisFleetTest::hasStackTrace))
                            .as("messages with a stack trace in the thread of %s (%s)", kind, shape(thread))
                            .hasSize(1);
                    softly.assertThat(thread.stream().filter(RedisFleetTest::isResolvedNote))
                            .as(
                                    "resolved notes in the thread of %s (%s; a replica whose claim the store granted"
                                            + " (0) and whose permit it then refused claims again, and is told -1:"
                                            + " see the claims in the store's trace)",
                                    kind, shape(thread))
                            .hasSize(1);
                    softly.assertThat(thread.stream()
                                    .filter(text -> headline(text).contains("again on host ")))
                            .as("follow-ups from replicas that joined the incident of %s (%s)", kind, shape(thread))
                            .isNotEmpty();
                }
                softly.assertThat(firstFullMillis)
                        .as("each kind's first message (with its stack trace), ms after the storm began;"
                                + " target 5 s (the joined replicas' unpaced follow-ups compete with it for the"
                                + " fleet's permits: see the timeline)")
                        .allSatisfy(millis -> assertThat(millis).isLessThanOrEqualTo(5_000));
                for (Replica replica : fleet) {
                    softly.assertThat(replica.status.all())
                            .as("status of %s", replica.name)
                            .doesNotContain(PASSWORD)
                            .doesNotContain("does not answer");
                }
                softly.assertThat(chat.tooManyRequests())
                        .as(
                                "requests answered 429 in the whole run (target: at most 1; a stopping replica takes"
                                        + " no fleet permit, and a replica's first request may arrive late): %s",
                                trace.rejections())
                        .isLessThanOrEqualTo(1);
                softly.assertAll();
            } finally {
                for (Replica replica : fleet) {
                    replica.stop();
                }
            }
        }
    }

    /**
     * Four replicas with a store; 3 s into an 8 s storm the Redis server is killed, and restarted on its
     * port once every replica has said so. Proves that each replica reports the outage once, within 2 s of
     * the kill (FleetLink's fallback budget), loses no event going on without the store, reports the
     * store's return once and within 7 s of the restart (it leaves a failed store alone 5 s), and that
     * neither its status lines nor anything printed meanwhile (Lettuce's and Netty's warnings included)
     * shows the password. It also prints the longest {@code offer} of each replica: the callers' path
     * never touches the store, so the 50 ms bound only guards against a gross regression (a caller made to
     * wait for Redis); what it measures on 2 busy cores is the scheduler and the garbage collector.
     *
     * <p>On the two runs of this commit: the outage lines came [31, 271, 24, 30] and [46, 40, 196, 353] ms
     * after the kill, the return lines [4812, 5541, 4771, 4772] and [4708, 5113, 5624, 5526] ms after the
     * restart; the longest offers were [7.5, 2.4, 1.6, 1.8] and [13.1, 9.3, 6.3, 7.3] ms; nothing was
     * dropped. 7 of 18 and 7 of 16 requests were answered 429: while the store was down (replicas on their
     * own schedules, as expected), while the fleet stopped, and once each at 1.7 s, after a replica's first
     * request, which took 197 and 417 ms to be answered, arrived late within the 1.1 s of the fleet's
     * permit.
     */
    @Test
    void redisKilledMidStormEachReplicaFallsBackWithinTwoSecondsAndLosesNothing() throws Exception {
        int replicas = 4;
        int events = 16_000;
        Duration storm = Duration.ofSeconds(8);
        Duration killAt = Duration.ofSeconds(3);
        Trace trace = new Trace();
        try (RedisServer redis = RedisServer.startedWithPassword(PASSWORD);
                LocalChatServer chat = LocalChatServer.start(trace.chatConsole())) {
            List<Replica> fleet = new ArrayList<>();
            try {
                for (int i = 0; i < replicas; i++) {
                    fleet.add(Replica.start("replica-" + i, chat, redis.url(), trace));
                }
                trace.started = System.nanoTime();
                CountDownLatch stormOver = storms(fleet, trace.started, storm, events);
                parkUntil(trace.started + killAt.toNanos()); // The scenario's own timing: the crash comes mid-storm.
                long killed = System.nanoTime();
                redis.stop();
                long exited = System.nanoTime();
                await().atMost(Duration.ofSeconds(4))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() ->
                                fleet.stream().allMatch(replica -> replica.status.first("does not answer") != null));
                List<Long> downMillis = fleet.stream()
                        .map(replica ->
                                TimeUnit.NANOSECONDS.toMillis(replica.status.first("does not answer").nanos - killed))
                        .collect(Collectors.toList());
                long restarted = System.nanoTime();
                redis.start();
                await().atMost(Duration.ofSeconds(9))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> fleet.stream().allMatch(replica -> replica.status.first("answers again") != null));
                List<Long> backMillis = fleet.stream()
                        .map(replica ->
                                TimeUnit.NANOSECONDS.toMillis(replica.status.first("answers again").nanos - restarted))
                        .collect(Collectors.toList());
                assertThat(stormOver.await(10, TimeUnit.SECONDS)).isTrue();
                trace.stopping = System.nanoTime();
                for (Replica replica : fleet) {
                    replica.stop();
                }

                Counts counts = Counts.of(fleet, events);
                List<String> offerMaxMillis =
                        fleet.stream().map(Replica::offerMaxMillis).collect(Collectors.toList());
                System.out.println(String.format(
                        Locale.ROOT,
                        "RedisFleetTest (Redis killed): killed %d ms into the storm (exited %d ms later);"
                                + " 'does not answer' after %s ms by replica; restarted %d ms into the storm,"
                                + " 'answers again' after %s ms; %d requests, %d answered 429; events accepted %d,"
                                + " delivered %d, dropped %d; offer max ms by replica %s; status of replica-0: %s",
                        TimeUnit.NANOSECONDS.toMillis(killed - trace.started),
                        TimeUnit.NANOSECONDS.toMillis(exited - killed),
                        downMillis,
                        TimeUnit.NANOSECONDS.toMillis(restarted - trace.started),
                        backMillis,
                        chat.requests(),
                        chat.tooManyRequests(),
                        counts.accepted,
                        counts.delivered,
                        counts.dropped,
                        offerMaxMillis,
                        fleet.get(0).status.lines));
                System.out.println("RedisFleetTest (Redis killed) timeline (+ms: until the answer): " + trace.timeline()
                        + "; 429s: " + trace.rejections());

                assertThat(counts.dropped).isZero();
                for (Replica replica : fleet) {
                    List<TimedLine> down = replica.status.matching("does not answer");
                    assertThat(down).as("outage lines of %s", replica.name).hasSize(1);
                    // The line names the store by its toString, RedisFleetStore[redis://****@...]: not the
                    // bare masked address that FleetStore's contract promises and the core's fake gives.
                    assertThat(down.get(0).text)
                            .startsWith("WARN The fleet store ")
                            .contains("redis://****@127.0.0.1:" + redis.port())
                            .contains(" does not answer (")
                            .contains("this sender goes on without it");
                    assertThat(TimeUnit.NANOSECONDS.toMillis(down.get(0).nanos - killed))
                            .as("ms from the kill to the outage line of %s", replica.name)
                            .isLessThanOrEqualTo(2_000);
                    List<TimedLine> back = replica.status.matching("answers again");
                    assertThat(back).as("return lines of %s", replica.name).hasSize(1);
                    assertThat(back.get(0).text)
                            .startsWith("INFO The fleet store ")
                            .contains("redis://****@127.0.0.1:" + redis.port());
                    assertThat(TimeUnit.NANOSECONDS.toMillis(back.get(0).nanos - restarted))
                            .as("ms from the restart to the return line of %s", replica.name)
                            .isLessThanOrEqualTo(7_000);
                    assertThat(replica.status.all())
                            .as("status of %s", replica.name)
                            .doesNotContain(PASSWORD);
                    // offer() never touches the store: a gross regression guard, not a latency target.
                    assertThat(replica.offerMaxNanos)
                            .as("longest offer of %s, ns", replica.name)
                            .isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
                }
            } finally {
                for (Replica replica : fleet) {
                    replica.stop();
                }
            }
        }
    }

    /**
     * One replica with a store and one error: the store's calls (a touch that opens the incident, a
     * permit) cost the first message next to nothing. Proves that the message arrives within the batch
     * window (500 ms) plus 500 ms of the event. The store was warmed up first (Lettuce's classes loaded,
     * its connection made), as a store is by the time an application logs its first error.
     *
     * <p>On the two runs of this commit: 522 and 510 ms.
     */
    @Test
    void aReplicaAloneWithAStorePostsItsFirstMessageWithinTheBatchWindow() throws Exception {
        Trace trace = new Trace();
        try (RedisServer redis = RedisServer.startedWithPassword(PASSWORD);
                LocalChatServer chat = LocalChatServer.start(trace.chatConsole())) {
            Replica replica = Replica.start("alone", chat, redis.url(), trace);
            try {
                trace.started = System.nanoTime();
                long eventMillis = System.currentTimeMillis();
                replica.sender.offer(event("Alpha", 0, eventMillis), Reader.INSTANCE);
                await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> chat.firstReceivedContaining("logger com.acme.Alpha") != null);
                long millis =
                        chat.firstReceivedContaining("logger com.acme.Alpha").toEpochMilli() - eventMillis;
                trace.stopping = System.nanoTime();
                replica.stop();
                DeliveryStats stats = replica.sender.stats();
                System.out.println(String.format(
                        Locale.ROOT,
                        "RedisFleetTest (alone): first message %d ms after its event; %d requests; status %s;"
                                + " timeline %s; store %s",
                        millis,
                        chat.requests(),
                        replica.status.lines,
                        trace.timeline(),
                        trace.storeSummary()));

                assertThat(millis).as("ms from the event to its message").isLessThanOrEqualTo(500 + 500);
                assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(1);
                assertThat(replica.status.all()).doesNotContain(PASSWORD).doesNotContain("does not answer");
            } finally {
                replica.stop();
            }
        }
    }

    /** One replica: a sender with a quota and a store of its own, its requests and store calls traced. */
    private static final class Replica {
        final String name;
        final TimedStatus status = new TimedStatus();
        GoogleChatSender sender;
        /** The longest {@code offer} of its storm; written by its caller thread before the storm's latch. */
        volatile long offerMaxNanos;

        private Replica(String name) {
            this.name = name;
        }

        /** Default settings but {@code resolvedAfter}, 5 s. */
        static Replica start(String name, LocalChatServer chat, String redisUrl, Trace trace) {
            Replica replica = new Replica(name);
            SenderSettings settings = SenderSettings.builder()
                    .name(name)
                    .webhookUrl(chat.webhookUrl())
                    .resolvedAfter(Duration.ofSeconds(5))
                    .build();
            WebhookTransport http = new JdkHttpTransport(
                    WebhookUrl.parse(chat.webhookUrl()), settings.transport().connectTimeout());
            replica.sender = GoogleChatSender.start(
                    settings,
                    replica.status,
                    new EngineParts()
                            .quota(SpaceQuota.unshared(
                                    settings.delivery().messagesPerSecond(),
                                    () -> ThreadLocalRandom.current().nextDouble(),
                                    SpaceQuota::systemWallOffsetNanos))
                            .transport(new TracedTransport(name, http, trace))
                            .fleetStore(new TracedStore(name, warmStore(redisUrl), trace)));
            return replica;
        }

        void stop() {
            sender.stop();
        }

        String offerMaxMillis() {
            return String.format(Locale.ROOT, "%.1f", offerMaxNanos / 1e6);
        }
    }

    /**
     * A store of its own, opened as the core opens one from its {@code fleetStore} setting, once it answers:
     * a JVM's first Lettuce client takes seconds to load on a busy machine, and its calls fail meanwhile,
     * as they should. The calls go to a space of their own.
     */
    private static FleetStore warmStore(String url) {
        FleetStore store = new RedisFleetStoreProvider().open(FleetStoreAddress.parse(url));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreException(FleetStoreException.class)
                .until(() -> {
                    store.tryTakePermit(WARM_UP_SPACE, 1_000_000);
                    store.claimResolvedNote(WARM_UP_SPACE, "warm-up", 1);
                    return true;
                });
        return store;
    }

    /** Starts each replica's storm on a thread of its own; the latch opens when every storm is over. */
    private static CountDownLatch storms(List<Replica> fleet, long started, Duration storm, int events) {
        CountDownLatch over = new CountDownLatch(fleet.size());
        for (Replica replica : fleet) {
            Thread caller = new Thread(
                    () -> {
                        replica.offerMaxNanos = storm(replica.sender, started, storm, events);
                        over.countDown();
                    },
                    replica.name + "-caller");
            caller.setDaemon(true);
            caller.start();
        }
        return over;
    }

    /** {@code events} errors over {@code storm} at an even pace, round-robin over the kinds; the longest offer. */
    private static long storm(GoogleChatSender sender, long started, Duration storm, int events) {
        long nanosPerEvent = storm.toNanos() / events;
        long longest = 0;
        for (int i = 0; i < events; i++) {
            AlertEvent event = event(KINDS[i % KINDS.length], i, System.currentTimeMillis());
            long before = System.nanoTime();
            sender.offer(event, Reader.INSTANCE);
            longest = Math.max(longest, System.nanoTime() - before);
            long due = started + (i + 1) * nanosPerEvent;
            if ((i & 63) == 63 && due - System.nanoTime() > 0) {
                LockSupport.parkNanos(due - System.nanoTime()); // Pacing the caller, not waiting for a result.
            }
        }
        return longest;
    }

    private static AlertEvent event(String kind, int i, long millis) {
        return AlertEvent.builder()
                .timestampMillis(millis)
                .level("ERROR")
                .loggerName("com.acme." + kind)
                .threadName("request-" + i)
                .message("Request " + i + " failed")
                .messagePattern("Request {} failed")
                .throwable(FAILURE)
                .build();
    }

    private static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The fleet's counts, each replica's checked: all accepted, delivered or dropped, none pending. */
    private static final class Counts {
        long accepted;
        long delivered;
        long dropped;

        static Counts of(List<Replica> fleet, int events) {
            Counts counts = new Counts();
            for (Replica replica : fleet) {
                DeliveryStats stats = replica.sender.stats();
                assertThat(stats.getEventsAccepted())
                        .as("%s: %s", replica.name, stats)
                        .isEqualTo(events);
                assertThat(stats.getEventsDelivered() + stats.getEventsDropped())
                        .as("%s: %s", replica.name, stats)
                        .isEqualTo(stats.getEventsAccepted());
                assertThat(stats.getEventsPending())
                        .as("%s: %s", replica.name, stats)
                        .isZero();
                counts.accepted += stats.getEventsAccepted();
                counts.delivered += stats.getEventsDelivered();
                counts.dropped += stats.getEventsDropped();
            }
            return counts;
        }
    }

    /** The thread of a kind: the one whose first message's headline names its logger. */
    private static List<String> threadOf(Map<String, List<String>> threads, String kind) {
        List<List<String>> found = threads.values().stream()
                .filter(thread -> headline(thread.get(0)).contains(" in " + kind))
                .collect(Collectors.toList());
        assertThat(found).as("threads of %s among %s", kind, threads.keySet()).hasSize(1);
        return found.get(0);
    }

    private static String headline(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** A stack trace shows, in TEXT format, as a fenced block that starts with the exception's class. */
    private static boolean hasStackTrace(String text) {
        return text.contains("```\njava.lang.IllegalStateException");
    }

    private static boolean isResolvedNote(String text) {
        return headline(text).endsWith(" · resolved");
    }

    /** A message in one letter: F first (stack trace), R resolved, H again on host, A again, D digest. */
    private static char letter(String text) {
        String headline = headline(text);
        if (hasStackTrace(text)) {
            return 'F';
        }
        if (isResolvedNote(text)) {
            return 'R';
        }
        if (headline.contains("again on host ")) {
            return 'H';
        }
        if (headline.endsWith(" · again")) {
            return 'A';
        }
        return headline.startsWith("*Digest*") ? 'D' : '?';
    }

    /** A thread's messages in order, a letter each (see {@link #letter}). */
    private static String shape(List<String> thread) {
        return thread.stream().map(text -> String.valueOf(letter(text))).collect(Collectors.joining());
    }

    private static long millisAfter(Instant start, Instant then) {
        assertThat(then).as("a message after %s", start).isNotNull();
        return Duration.between(start, then).toMillis();
    }

    /** What a fleet did, for the figures and, when a target is missed, for the diagnosis. */
    private static final class Trace {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final List<StoreCall> storeCalls = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        volatile long started = System.nanoTime();
        volatile long stopping;

        /** The stand-in's console, kept for its explanation of each 429 (how long after the last message). */
        PrintStream chatConsole() {
            return new PrintStream(console, true, StandardCharsets.UTF_8);
        }

        String seconds(long nanos) {
            return String.format(Locale.ROOT, "%.2fs", (nanos - started) / 1e9);
        }

        /** Each 429: who sent what when, and the stand-in's explanation. */
        String rejections() {
            // In the order the stand-in answered them, which is the order they were sent but for two sent
            // within a few milliseconds of each other.
            List<String> explanations = console.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith("── 429"))
                    .map(line -> line.substring(line.lastIndexOf('(') + 1, line.length() - 1))
                    .collect(Collectors.toList());
            List<String> lines = new ArrayList<>();
            int i = 0;
            for (Request request : requests) {
                if (request.status == 429) {
                    lines.add(request.describe(this) + (i < explanations.size() ? ": " + explanations.get(i) : ""));
                    i++;
                }
            }
            return lines.toString();
        }

        /** Every request: when it was sent, by whom, its thread's kind and letter, and the answer. */
        String timeline() {
            return requests.stream().map(request -> request.describe(this)).collect(Collectors.joining(", "));
        }

        /** Per thread: which replica's touch opened its incident, when, and what the note claims answered. */
        String storeSummary() {
            Map<String, String> kinds = new LinkedHashMap<>();
            for (Request request : requests) {
                if (request.threadKey != null && request.kind != null) {
                    kinds.putIfAbsent(request.threadKey, request.kind);
                }
            }
            Map<String, List<StoreCall>> byThread = new LinkedHashMap<>();
            for (StoreCall call : storeCalls) {
                if (call.threadKey != null) {
                    byThread.computeIfAbsent(call.threadKey, key -> new ArrayList<>())
                            .add(call);
                }
            }
            List<String> lines = new ArrayList<>();
            byThread.forEach((threadKey, calls) -> {
                String opened = calls.stream()
                        .filter(call -> call.operation.equals("touch") && "1".equals(call.answer))
                        .map(call -> call.replica + "@" + seconds(call.nanos))
                        .collect(Collectors.joining(" "));
                List<String> claims = calls.stream()
                        .filter(call -> call.operation.equals("claim"))
                        .map(call -> call.replica + "@" + seconds(call.nanos) + "=" + call.answer)
                        .collect(Collectors.toList());
                long touches = calls.stream()
                        .filter(call -> call.operation.equals("touch"))
                        .count();
                lines.add(kinds.getOrDefault(threadKey, threadKey) + ": opened by " + opened + ", " + touches
                        + " touches, " + claims.size() + " claims " + claims);
            });
            long permits = storeCalls.stream()
                    .filter(call -> call.operation.equals("permit"))
                    .count();
            long granted = storeCalls.stream()
                    .filter(call -> call.operation.equals("permit") && "0".equals(call.answer))
                    .count();
            return lines + "; permits asked " + permits + ", granted " + granted;
        }
    }

    /** One request to the webhook: who sent it, when, about what, and the answer. */
    private static final class Request {
        final String replica;
        final long sentNanos;
        final String threadKey;
        final String kind;
        final char letter;
        volatile int status;
        volatile long answeredNanos;

        Request(String replica, long sentNanos, byte[] body) {
            this.replica = replica;
            this.sentNanos = sentNanos;
            JsonNode message;
            try {
                message = JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.threadKey = message.path("thread").path("threadKey").asText(null);
            String text = message.path("text").asText("");
            String headline = headline(text);
            String kind = null;
            for (String candidate : KINDS) {
                if (headline.contains(" in " + candidate)) {
                    kind = candidate;
                }
            }
            this.kind = kind;
            this.letter = letter(text);
        }

        String describe(Trace trace) {
            return String.format(
                    Locale.ROOT,
                    "%s %s %s %c %d +%dms%s",
                    trace.seconds(sentNanos),
                    replica.replace("replica-", "r"),
                    kind == null ? "-" : kind,
                    letter,
                    status,
                    answeredNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(answeredNanos - sentNanos),
                    trace.stopping != 0 && sentNanos - trace.stopping >= 0 ? " (stopping)" : "");
        }
    }

    /** One call of a replica's store, and its answer. */
    private static final class StoreCall {
        final String replica;
        final long nanos;
        final String operation;
        final String threadKey;
        final String answer;

        StoreCall(String replica, long nanos, String operation, String threadKey, String answer) {
            this.replica = replica;
            this.nanos = nanos;
            this.operation = operation;
            this.threadKey = threadKey;
            this.answer = answer;
        }
    }

    /** The JDK's transport, as in production, tracing each request and its answer. */
    private static final class TracedTransport implements WebhookTransport {
        private final String replica;
        private final WebhookTransport http;
        private final Trace trace;

        TracedTransport(String replica, WebhookTransport http, Trace trace) {
            this.replica = replica;
            this.http = http;
            this.trace = trace;
        }

        @Override
        public CompletableFuture<WebhookResponse> post(byte[] jsonBody, Duration timeout) {
            Request request = new Request(replica, System.nanoTime(), jsonBody);
            trace.requests.add(request);
            CompletableFuture<WebhookResponse> answer = http.post(jsonBody, timeout);
            answer.whenComplete((response, failure) -> {
                request.answeredNanos = System.nanoTime();
                request.status = response == null ? -1 : response.statusCode();
            });
            return answer;
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /** A replica's own Redis store, tracing each call and its answer; its toString is the store's. */
    private static final class TracedStore implements FleetStore {
        private final String replica;
        private final FleetStore store;
        private final Trace trace;

        TracedStore(String replica, FleetStore store, Trace trace) {
            this.replica = replica;
            this.store = store;
            this.trace = trace;
        }

        @Override
        public long tryTakePermit(String space, long intervalNanos) {
            return traced("permit", null, () -> store.tryTakePermit(space, intervalNanos));
        }

        @Override
        public boolean touchIncident(String space, String threadKey, long quietMillis) {
            return traced("touch", threadKey, () -> store.touchIncident(space, threadKey, quietMillis) ? 1L : 0L) == 1L;
        }

        @Override
        public long claimResolvedNote(String space, String threadKey, long quietMillis) {
            return traced("claim", threadKey, () -> store.claimResolvedNote(space, threadKey, quietMillis));
        }

        private long traced(String operation, String threadKey, Supplier<Long> call) {
            long nanos = System.nanoTime();
            try {
                long answer = call.get();
                trace.storeCalls.add(new StoreCall(replica, nanos, operation, threadKey, Long.toString(answer)));
                return answer;
            } catch (RuntimeException e) {
                trace.storeCalls.add(new StoreCall(
                        replica, nanos, operation, threadKey, e.getClass().getSimpleName()));
                throw e;
            }
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public String toString() {
            return store.toString();
        }
    }

    /** A status line and when it was reported. */
    private static final class TimedLine {
        final long nanos;
        final String text;

        TimedLine(long nanos, String text) {
            this.nanos = nanos;
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Captures what the core reports, as "LEVEL message" lines, each with the time it came. */
    private static final class TimedStatus implements StatusReporter {
        final List<TimedLine> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(String message) {
            lines.add(new TimedLine(System.nanoTime(), "INFO " + message));
        }

        @Override
        public void warn(String message) {
            lines.add(new TimedLine(System.nanoTime(), "WARN " + message));
        }

        @Override
        public void error(String message) {
            lines.add(new TimedLine(System.nanoTime(), "ERROR " + message));
        }

        List<TimedLine> matching(String text) {
            return lines.stream().filter(line -> line.text.contains(text)).collect(Collectors.toList());
        }

        TimedLine first(String text) {
            return lines.stream()
                    .filter(line -> line.text.contains(text))
                    .findFirst()
                    .orElse(null);
        }

        String all() {
            return lines.stream().map(line -> line.text).collect(Collectors.joining("\n"));
        }
    }

    /** Writes to the capture and on to the original stream. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream capture;
        private final PrintStream original;

        Tee(ByteArrayOutputStream capture, PrintStream original) {
            this.capture = capture;
            this.original = original;
        }

        @Override
        public synchronized void write(int b) {
            capture.write(b);
            original.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            capture.write(b, off, len);
            original.write(b, off, len);
        }
    }
}
