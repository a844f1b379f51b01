package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.DeliverySettings;
import io.github.gchatappender.core.RecordingStatus;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.status.StatusThrottle;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet of replicas posting to one space, simulated on a virtual clock: each replica is a real
 * {@link Dispatcher} with a quota of its own (as a JVM of its own has), stepped by the simulation
 * instead of its thread; the space answers 429 to a message that arrives less than a second after
 * the last one it accepted, as Google does. Deterministic: the same seed gives the same run.
 *
 * <p>Callers are played as {@code GoogleChatSender.offer} plays them: a repeat of a kind with an
 * open counter is counted ({@link RepeatCounters}); any other event opens the kind's counter and is
 * queued.
 */
final class FleetSimulation {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * Half of a round trip: a request arrives this long after it was sent, give or take
     * {@link #TRIP_JITTER}, and is answered as long after.
     */
    private static final long HALF_TRIP = 50 * MS;

    private static final long TRIP_JITTER = 5 * MS;
    /** How far a replica's wall clock may be from true time, either way: NTP's tens of milliseconds. */
    private static final long CLOCK_SKEW = 20 * MS;

    private static final long EMIT_EVERY = 10 * MS;
    /** Logger names, one kind each, none a part of another: found in a message's body by name. */
    private static final String[] KINDS = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"};

    private static final long FLOOD_EVERY = 10 * MS;
    private static final Pattern THREAD_KEY = Pattern.compile("\"threadKey\":\"([^\"]+)\"");

    private static final ThrowableSnapshot FAILURE = ThrowableSnapshot.of(new IllegalStateException("down"));

    /** What one scenario is: how many replicas, how long the storm, how many events each. */
    static final class Scenario {
        int replicas = 8;
        Duration storm = Duration.ofSeconds(10);
        /** Events per second per replica, round-robin over {@link #kinds}. */
        int eventsPerSecond = 2000;

        int kinds = 5;
        /** After the storm: the replicas keep running this long, or stop at once when zero. */
        Duration after = Duration.ofSeconds(40);

        Duration shutdownTimeout = Duration.ofMillis(DeliverySettings.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
        double messagesPerSecond = DeliverySettings.DEFAULT_MESSAGES_PER_SECOND;
        /** The replicas' {@code updateInterval}; null for the default. Zero: as fast as the quota allows. */
        Duration updateInterval;
        /** The replicas' {@code resolvedAfter}; null for the default. */
        Duration resolvedAfter;
        /** A sixth kind appears this far into the storm, in one replica; null for none. */
        Duration newKindAt;
        /**
         * Another sender floods the space from the start for this long, posting every 10 ms and taking
         * every second the space has; null for none.
         */
        Duration flood;
        /** The first replica logs one event of a kind of its own at each of these times, after the storm's kinds. */
        List<Duration> singles = List.of();
        /** Whether the replicas share a fleet store (modelled: {@link SimulatedFleetStore}). */
        boolean store;

        /** {@code -Dfleet.seed=N} runs every scenario with another seed, to see how much its figures move. */
        long seed = Long.getLong("fleet.seed", 1);
    }

    /** What the space and the replicas saw. */
    static final class Result {
        int requests;
        int rejected;
        int requestsAfterFirstMinute;
        int rejectedAfterFirstMinute;
        int accepted;
        int acceptedDuringStorm;
        long events;
        long delivered;
        long dropped;
        long pending;
        double minutes;
        /** Per kind, from its first event to the first message in the space that shows it; -1 if never. */
        long[] firstMessageMillis;

        long[] firstEventNanos;
        int kinds;
        int singles;
        /** Messages the space accepted from each replica. */
        int[] acceptedByReplica;

        int[] rejectedByReplica;
        /** Messages the space accepted in each Chat thread, by thread key. */
        final Map<String, Integer> acceptedByThread = new TreeMap<>();
        /** Accepted messages with a stack trace, and resolved notes, by thread key. */
        final Map<String, Integer> tracesByThread = new TreeMap<>();

        final Map<String, Integer> notesByThread = new TreeMap<>();

        double rejectedShare() {
            return requests == 0 ? 0 : (double) rejected / requests;
        }

        double rejectedShareAfterFirstMinute() {
            return requestsAfterFirstMinute == 0 ? 0 : (double) rejectedAfterFirstMinute / requestsAfterFirstMinute;
        }

        /** The most messages any one Chat thread got. */
        int mostMessagesInAThread() {
            return acceptedByThread.values().stream()
                    .mapToInt(Integer::intValue)
                    .max()
                    .orElse(0);
        }

        double messagesPerMinute() {
            return accepted / minutes;
        }

        long slowestFirstMessageMillis() {
            return Arrays.stream(firstMessageMillis).max().orElse(-1);
        }

        /** From the first event of the kind that appears mid-storm to the first message that shows it; -1 if never. */
        long newKindMillis() {
            return firstMessageMillis[kinds];
        }

        /** For each of the scenario's single events, from the event to the first message that shows it; -1 if never. */
        long[] singleMillis() {
            return Arrays.copyOfRange(
                    firstMessageMillis, firstMessageMillis.length - singles, firstMessageMillis.length);
        }

        @Override
        public String toString() {
            return String.format(
                            Locale.ROOT,
                            "requests=%d rejected=%d (%.1f%%, %.1f%% after the first minute)"
                                    + " accepted=%d (%.1f/min) events=%d delivered=%d dropped=%d pending=%d firstMessageMs=%s"
                                    + " acceptedByReplica=%s rejectedByReplica=%s acceptedByThread=%s",
                            requests,
                            rejected,
                            100 * rejectedShare(),
                            100 * rejectedShareAfterFirstMinute(),
                            accepted,
                            messagesPerMinute(),
                            events,
                            delivered,
                            dropped,
                            pending,
                            Arrays.toString(firstMessageMillis),
                            Arrays.toString(acceptedByReplica),
                            Arrays.toString(rejectedByReplica),
                            acceptedByThread)
                    + " tracesByThread=" + tracesByThread + " notesByThread=" + notesByThread;
        }
    }

    private final Scenario scenario;
    private final Result result = new Result();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final Random random;
    private final List<Replica> replicas = new ArrayList<>();
    private long now;
    private long sequence;
    private long lastAcceptedArrival = Long.MIN_VALUE / 2;
    private final SimulatedFleetStore store = new SimulatedFleetStore(() -> now);

    private FleetSimulation(Scenario scenario) {
        this.scenario = scenario;
        this.random = new Random(scenario.seed);
        int kinds = scenario.kinds + (scenario.newKindAt == null ? 0 : 1) + scenario.singles.size();
        result.firstMessageMillis = new long[kinds];
        result.firstEventNanos = new long[kinds];
        Arrays.fill(result.firstMessageMillis, -1);
        Arrays.fill(result.firstEventNanos, -1);
        result.kinds = scenario.kinds;
        result.singles = scenario.singles.size();
        result.acceptedByReplica = new int[scenario.replicas];
        result.rejectedByReplica = new int[scenario.replicas];
    }

    static Result run(Scenario scenario) {
        return new FleetSimulation(scenario).run();
    }

    private Result run() {
        long stormEnd = scenario.storm.toNanos();
        long end = stormEnd + scenario.after.toNanos();
        for (int i = 0; i < scenario.replicas; i++) {
            Replica replica = new Replica(i);
            replicas.add(replica);
            // Started together: within the first 100 ms, as a deployment's replicas see the same failure.
            long start = random.nextInt(100) * MS;
            at(start, () -> emit(replica, start, stormEnd));
            wake(replica, start);
        }
        if (scenario.after.isZero()) {
            at(stormEnd, this::stopAll);
        }
        if (scenario.flood != null) {
            at(0, () -> flood(scenario.flood.toNanos()));
        }
        int firstSingle = scenario.kinds + (scenario.newKindAt == null ? 0 : 1);
        for (int i = 0; i < scenario.singles.size(); i++) {
            int kind = firstSingle + i;
            at(scenario.singles.get(i).toNanos(), () -> {
                replicas.get(0).offer(kind);
                wake(replicas.get(0), now); // A first event wakes a loop that holds nothing.
            });
        }
        while (!tasks.isEmpty()) {
            Task task = tasks.poll();
            if (task.at - end > 0 && !scenario.after.isZero()) {
                break;
            }
            now = task.at;
            task.action.run();
        }
        result.minutes = (double) Math.max(now, end) / TimeUnit.MINUTES.toNanos(1);
        for (Replica replica : replicas) {
            result.events += replica.counters.getEventsAccepted();
            result.delivered += replica.counters.getEventsDelivered();
            result.dropped += replica.counters.getEventsDropped();
            result.pending += replica.counters.getEventsPending();
        }
        for (int k = 0; k < result.firstMessageMillis.length; k++) {
            if (result.firstMessageMillis[k] >= 0) {
                result.firstMessageMillis[k] = (result.firstMessageMillis[k] - result.firstEventNanos[k]) / MS;
            }
        }
        return result;
    }

    /** The replica's callers: events at an even pace until {@code until}, round-robin over the kinds. */
    private void emit(Replica replica, long from, long until) {
        long perTick = Math.max(1, scenario.eventsPerSecond * EMIT_EVERY / SECOND);
        for (long i = 0; i < perTick; i++) {
            int kind = (int) (replica.emitted++ % scenario.kinds);
            replica.offer(kind);
        }
        if (scenario.newKindAt != null
                && replica.index == 0
                && !replica.newKindSent
                && now - from >= scenario.newKindAt.toNanos()) {
            replica.newKindSent = true;
            replica.offer(scenario.kinds);
        }
        if (now + EMIT_EVERY - until < 0) {
            at(now + EMIT_EVERY, () -> emit(replica, from, until));
        }
    }

    private void step(Replica replica) {
        if (replica.done) {
            return;
        }
        long next = now;
        for (int i = 0; i < 100 && next - now <= 0; i++) {
            if (replica.stopping && replica.dispatcher.finished()) {
                replica.dispatcher.abandonRemaining();
                replica.done = true;
                return;
            }
            next = replica.dispatcher.stepSafely(now);
        }
        // The loop sleeps as the real one does: every fold interval while it holds work, until the
        // quota opens while only the quota holds it back; and a queued event may wake it (see offer).
        replica.wakeAt = Long.MAX_VALUE;
        wake(replica, now + Math.max(MS, replica.dispatcher.sleepNanos(next - now)));
    }

    /** Steps the replica at {@code time}, unless it is to step earlier already: one wake-up pending at most. */
    private void wake(Replica replica, long time) {
        if (replica.wakeAt <= time) {
            return;
        }
        replica.wakeAt = time;
        long generation = ++replica.generation;
        at(time, () -> {
            if (replica.generation == generation) {
                step(replica);
            }
        });
    }

    private void stopAll() {
        for (Replica replica : replicas) {
            replica.stopping = true;
            replica.dispatcher.requestStop(now + scenario.shutdownTimeout.toNanos());
            wake(replica, now);
        }
    }

    /** Another sender, not one of the replicas: it takes each second of the space as soon as it opens. */
    private void flood(long until) {
        if (now - lastAcceptedArrival >= SECOND) {
            lastAcceptedArrival = now;
        }
        if (now + FLOOD_EVERY - until < 0) {
            at(now + FLOOD_EVERY, () -> flood(until));
        }
    }

    /** A kind's logger name: found in a message's body by it, and no part of another's. */
    private static String kindName(int kind) {
        return kind < KINDS.length ? KINDS[kind] : String.format(Locale.ROOT, "Single%03d", kind);
    }

    /** The space: arrival decides, a second after the last accepted message. */
    private CompletableFuture<WebhookResponse> post(Replica replica, byte[] body) {
        CompletableFuture<WebhookResponse> answer = new CompletableFuture<>();
        long arrival = now + HALF_TRIP + (long) ((random.nextDouble() * 2 - 1) * TRIP_JITTER);
        at(arrival, () -> {
            boolean counted = now >= TimeUnit.MINUTES.toNanos(1);
            result.requests++;
            if (counted) {
                result.requestsAfterFirstMinute++;
            }
            WebhookResponse response;
            if (now - lastAcceptedArrival < SECOND) {
                result.rejected++;
                result.rejectedByReplica[replica.index]++;
                if (counted) {
                    result.rejectedAfterFirstMinute++;
                }
                response =
                        new WebhookResponse(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}", null);
            } else {
                lastAcceptedArrival = now;
                result.accepted++;
                if (now - scenario.storm.toNanos() < 0) {
                    result.acceptedDuringStorm++;
                }
                result.acceptedByReplica[replica.index]++;
                String text = new String(body, StandardCharsets.UTF_8);
                Matcher thread = THREAD_KEY.matcher(text);
                if (thread.find()) {
                    result.acceptedByThread.merge(thread.group(1), 1, Integer::sum);
                    if (text.contains("```")) {
                        result.tracesByThread.merge(thread.group(1), 1, Integer::sum);
                    }
                    if (text.contains("Resolved: no new event")) {
                        result.notesByThread.merge(thread.group(1), 1, Integer::sum);
                    }
                }
                for (int k = 0; k < result.firstMessageMillis.length; k++) {
                    if (result.firstMessageMillis[k] < 0 && text.contains(kindName(k))) {
                        result.firstMessageMillis[k] = now;
                    }
                }
                response = new WebhookResponse(200, "{}", null);
            }
            at(now + HALF_TRIP, () -> {
                answer.complete(response);
                wake(replica, now);
            });
        });
        return answer;
    }

    private void at(long time, Runnable action) {
        tasks.add(new Task(time, sequence++, action));
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long order;
        final Runnable action;

        Task(long at, long order, Runnable action) {
            this.at = at;
            this.order = order;
            this.action = action;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    /** One JVM: its queue, its repeat counters, its counts, its quota, its dispatcher. */
    private final class Replica {
        final int index;
        final EventQueue<AlertEvent> queue = new EventQueue<>(DeliverySettings.DEFAULT_QUEUE_SIZE);
        final DeliveryCounters counters = new DeliveryCounters(queue::claimed);
        final RepeatCounters repeats = new RepeatCounters(counters);
        final Dispatcher dispatcher;
        final SpaceQuota quota;
        long emitted;
        boolean newKindSent;
        boolean stopping;
        boolean done;
        long wakeAt = Long.MAX_VALUE;
        long generation;

        Replica(int index) {
            this.index = index;
            SenderSettings settings = SenderSettings.builder()
                    .name("replica-" + index)
                    .webhookUrl("https://chat.googleapis.com/v1/spaces/FLEET/messages?key=k&token=t")
                    .shutdownTimeout(scenario.shutdownTimeout)
                    .messagesPerSecond(scenario.messagesPerSecond)
                    .updateInterval(scenario.updateInterval)
                    .resolvedAfter(scenario.resolvedAfter)
                    .build();
            Random jitter = new Random(scenario.seed * 1000 + index);
            long skew = (long) ((jitter.nextDouble() * 2 - 1) * CLOCK_SKEW);
            WebhookTransport transport = new WebhookTransport() {
                @Override
                public CompletableFuture<WebhookResponse> post(byte[] jsonBody, Duration timeout) {
                    return FleetSimulation.this.post(Replica.this, jsonBody);
                }

                @Override
                public void close() {}
            };
            StatusThrottle status = new StatusThrottle(new RecordingStatus(), () -> now);
            quota = SpaceQuota.unshared(settings.delivery().messagesPerSecond(), jitter::nextDouble, () -> skew);
            dispatcher = new DispatcherFactory(
                            TestDispatchSettings.of(settings, RetryTimings.GOOGLE),
                            queue,
                            repeats,
                            counters,
                            status,
                            () -> "host",
                            () -> {},
                            () -> now,
                            transport,
                            quota,
                            bound -> (long) (jitter.nextDouble() * bound),
                            scenario.store ? store : null)
                    .create();
        }

        void offer(int kind) {
            if (result.firstEventNanos[kind] < 0) {
                result.firstEventNanos[kind] = now;
            }
            if (stopping) {
                return;
            }
            String logger = "com.acme." + kindName(kind);
            RepeatCounters.Counter repeat = repeats.find(logger, FAILURE.className(), "Request {} failed");
            if (repeat != null && repeat.add(now / MS)) {
                return;
            }
            RepeatCounters.Counter opened = repeats.openFor(logger, FAILURE.className(), "Request {} failed", repeat);
            AlertEvent event = AlertEvent.builder()
                    .timestampMillis(now / MS)
                    .level("ERROR")
                    .loggerName(logger)
                    .threadName("worker")
                    .message("Request " + emitted + " failed")
                    .messagePattern("Request {} failed")
                    .throwable(FAILURE)
                    .build();
            if (queue.offer(event) != EventQueue.Offer.QUEUED) {
                counters.queueFull();
                if (opened != null) {
                    repeats.abandon(opened);
                }
            } else if (queue.size() >= dispatcher.wakeThreshold()) {
                wake(this, now); // As a producer unparks the real loop.
            }
        }
    }
}
