package io.github.gchatappender.testkit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.gchatappender.core.internal.InternalThreads;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.testkit.AppenderHarness.Config;
import io.github.gchatappender.testkit.AppenderHarness.Handoff;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every appender does, whatever its framework: driven through real configuration files
 * against a webhook on loopback, the context stopped, then the requests, the counts and the status
 * output checked. After every test, no status line may contain the webhook's key or token.
 */
public abstract class AppenderContract {

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    protected final ChatStub chat = new ChatStub(SERVER);
    protected AppenderHarness harness;

    protected abstract AppenderHarness newHarness();

    @BeforeEach
    void createHarness() {
        harness = newHarness();
    }

    @AfterEach
    void stopAndCheckSecrets() {
        harness.stop();
        assertThat(harness.statusText()).doesNotContain(ChatStub.KEY).doesNotContain(ChatStub.TOKEN);
    }

    @Test
    void fourKindsOfErrorLandInFourThreadsAndOnlyErrorsAreSent() {
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl());

        harness.info("com.acme.A", "info is not sent");
        harness.warn("com.acme.A", "warn is not sent");
        harness.debug("com.acme.A", "debug is not sent");
        harness.error("com.acme.A", "A state", new IllegalStateException("a-state"));
        harness.error("com.acme.A", "A io", new IOException("a-io"));
        harness.error("com.acme.B", "B state", new IllegalStateException("b-state"));
        harness.error("com.acme.B", "B plain {}", 42);
        await().until(() -> chat.requests().size() == 4);
        harness.error("com.acme.A", "A state again", new IllegalStateException("a-state-2"));
        harness.stop();

        List<LoggedRequest> requests = chat.requests();
        assertThat(requests).hasSize(5);
        Map<String, String> keyByMessage =
                requests.subList(0, 4).stream().collect(Collectors.toMap(ChatStub::message, ChatStub::threadKey));
        assertThat(keyByMessage).containsOnlyKeys("A state", "A io", "B state", "B plain 42");
        assertThat(keyByMessage.values().stream().distinct()).hasSize(4);
        // The repeat joins its thread as a compact follow-up that lists only what is new.
        LoggedRequest followUp = requests.get(4);
        assertThat(ChatStub.threadKey(followUp)).isEqualTo(keyByMessage.get("A state"));
        assertThat(ChatStub.text(followUp))
                .contains(" · again\n", "• new: A state again")
                .doesNotContain("```");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.queryParameter("key").firstValue()).isEqualTo(ChatStub.KEY);
            assertThat(r.queryParameter("token").firstValue()).isEqualTo(ChatStub.TOKEN);
            assertThat(r.queryParameter("messageReplyOption").firstValue())
                    .isEqualTo("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
            assertThat(ChatStub.text(r)).doesNotContain("is not sent").contains("shop", "test");
        });

        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(5);
        assertThat(stats.getEventsDelivered()).isEqualTo(5);
        assertThat(stats.getEventsDropped()).isZero();
        assertThat(stats.getEventsPending()).isZero();
        assertThat(stats.getMessagesSent()).isEqualTo(5);
    }

    /**
     * Names and a template longer than a snapshot keeps (a logger name generated from a URL, an
     * exception class of generated code, an upstream error page concatenated into the message): the
     * repeats are still counted as repeats of one kind, delivered, and shown with their count.
     */
    @Test
    void repeatsOfAKindWhoseNamesAndMessageExceedEveryCapAreCountedAndDelivered() {
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl());
        String logger = "com.acme.generated." + "Route".repeat(120);
        RuntimeException failure = LongNames.exceptionNamed(600, "upstream failed");
        String page = "<html><body>" + "502 Bad Gateway from upstream. ".repeat(330) + "</body></html>";
        assertThat(page.length()).isGreaterThan(10_000);
        for (int i = 0; i < 200; i++) {
            harness.error(logger, "Upstream answered " + page, failure);
        }
        harness.stop();

        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsAccepted()).as("%s", stats).isEqualTo(200);
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(200);
        assertThat(stats.getEventsDropped()).as("%s", stats).isZero();
        List<LoggedRequest> requests = chat.requests();
        assertThat(requests).isNotEmpty();
        assertThat(requests.stream().map(ChatStub::threadKey).distinct()).hasSize(1);
        assertThat(requests).allSatisfy(r -> assertThat(ChatStub.text(r)).matches("(?s).*×\\s*\\d+.*"));
        assertThat(harness.statusText()).doesNotContain("repeated events dropped");
    }

    /**
     * {@code log.error("{}", description)}: a template with no text of its own says nothing about the
     * error, its message does. Three distinct errors through it are three messages in the thread, not
     * one and "2 more like it"; a repeat that differs only in a number still folds into its entry.
     */
    @Test
    void distinctErrorsLoggedThroughATemplateWithoutTextAreEachShown() {
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl());

        harness.error("com.acme.Ops", "{}", "payment declined for order 42");
        harness.error("com.acme.Ops", "{}", "database unreachable on db-1");
        harness.error("com.acme.Ops", "{}", "disk full on /data");
        harness.error("com.acme.Ops", "{}", "payment declined for order 43");
        harness.stop();

        String all = chat.requests().stream().map(ChatStub::text).collect(Collectors.joining("\n"));
        assertThat(all)
                .contains("payment declined for order 42", "database unreachable on db-1", "disk full on /data")
                .doesNotContain("payment declined for order 43");
        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(4);
        assertThat(stats.getEventsDropped()).as("%s", stats).isZero();
    }

    /**
     * Repeats of one message logged through a template without text are still counted as repeats on
     * the caller's side: 500 of them take no queue slot each, and arrive as one count.
     */
    @Test
    void repeatsOfAMessageLoggedThroughATemplateWithoutTextFoldIntoOneCount() {
        chat.answerOk();
        harness.configure(Config.SHUTDOWN, chat.webhookUrl());

        for (int i = 0; i < 500; i++) {
            harness.error("com.acme.Ops", "{}", "payment service unreachable");
        }
        harness.stop();

        assertThat(chat.requests()).hasSize(1);
        assertThat(ChatStub.text(chat.requests().get(0))).contains("payment service unreachable", "500");
        assertThat(harness.stats().getEventsDelivered()).isEqualTo(500);
    }

    /** Log4j2's MapMessage has an empty format: distinct maps are distinct errors. */
    @Test
    void distinctStructuredMessagesAreEachShown() {
        assumeTrue(harness.logsStructuredMessages(), "no structured messages in this framework");
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl());

        harness.errorStructured("com.acme.Ops", Map.of("event", "payment-declined", "order", "42"));
        harness.errorStructured("com.acme.Ops", Map.of("event", "disk-full", "volume", "data"));
        harness.stop();

        String all = chat.requests().stream().map(ChatStub::text).collect(Collectors.joining("\n"));
        assertThat(all).contains("payment-declined", "disk-full");
        assertThat(harness.stats().getEventsDelivered()).isEqualTo(2);
    }

    /**
     * An MDC of 200 entries: a copy keeps 32, and the keys the alerts read ({@code mdcKeys}, the link's
     * placeholders) are always among them, whatever the MDC's order.
     */
    @Test
    void aLargeMdcNeverLosesTheKeysTheAlertReads() {
        chat.answerOk();
        harness.configure(Config.CONTENT, chat.webhookUrl());
        Map<String, String> mdc = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 199; i++) {
            mdc.put("key" + i, "value" + i);
        }
        mdc.put("traceId", "trace-4711");

        harness.errorWithMdc("com.acme.Ops", "with a large MDC", mdc);
        harness.stop();

        assertThat(chat.requests()).hasSize(1);
        String text = ChatStub.text(chat.requests().get(0));
        assertThat(text).contains("trace-4711", "trace=trace-4711");
    }

    /**
     * A storm on a 2-core machine: 100,000 errors in 5 s in 5 kinds from 4 threads, with the default
     * settings. Repeats are counted where they are logged and take no queue slot, so none is dropped
     * at a full queue even while the dispatcher gets little CPU.
     */
    @Test
    void aStormOfAHundredThousandErrorsFromFourThreadsDropsNothing() throws InterruptedException {
        chat.answerOk();
        harness.configure(Config.DEFAULTS, chat.webhookUrl());
        int threads = 4;
        int perThread = 25_000;
        long nanosPerEvent = TimeUnit.SECONDS.toNanos(5) / perThread;
        long started = System.nanoTime();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread caller = new Thread(() -> {
                IllegalStateException failure = new IllegalStateException("database down");
                for (int i = 0; i < perThread; i++) {
                    harness.error("com.acme.Kind" + (i % 5), "Request failed", failure);
                    long due = started + (i + 1) * nanosPerEvent;
                    if ((i & 63) == 63 && due - System.nanoTime() > 0) {
                        LockSupport.parkNanos(due - System.nanoTime()); // Pacing, not waiting for a result.
                    }
                }
            });
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        harness.stop();

        DeliveryStats stats = harness.stats();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(String.format(
                Locale.ROOT,
                "Storm through %s: %d errors from %d threads in %.1f s," + " %d requests; %s",
                harness.getClass().getSimpleName(),
                threads * perThread,
                threads,
                seconds,
                chat.requests().size(),
                stats));
        assertThat(stats.getEventsAccepted()).as("%s", stats).isEqualTo(threads * perThread);
        assertThat(stats.getEventsDropped()).as("%s", stats).isZero();
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(threads * perThread);
        assertThat(stats.getEventsPending()).isZero();
        assertThat((double) chat.requests().size())
                .as("at most one message a second")
                .isLessThanOrEqualTo(seconds + 2);
    }

    /**
     * One kind logged every 50 ms goes to its thread as an incident's notifications, not as fast as the quota
     * (50 a second here) allows: the first message at once, the first update {@code updateInterval} (3 s here;
     * 10 s by default) later with what came meanwhile, and at stop what the last update has not carried.
     * Every event is counted in one of them. Tagged {@code pacing}: the compatibility runs leave it out, since
     * pacing is the core's and the wiring of the setting is checked once per framework.
     */
    @Test
    @Tag("pacing")
    void aKindLoggedWithoutPauseGetsItsFirstUpdateAnUpdateIntervalAfterItsFirstMessage() throws InterruptedException {
        chat.answerOk();
        harness.configure(Config.PACED, chat.webhookUrl());
        AtomicBoolean logging = new AtomicBoolean(true);
        AtomicInteger logged = new AtomicInteger();
        Thread caller = new Thread(() -> {
            IllegalStateException failure = new IllegalStateException("database down");
            while (logging.get()) {
                harness.error("com.acme.Orders", "Order failed", failure);
                logged.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // Pacing the caller.
            }
        });
        long started = System.currentTimeMillis();
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests().size() >= 2);
        // The errors go on a little after the update: what it could not carry is left for stop.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        logging.set(false);
        caller.join();
        int whileLogging = chat.requests().size();
        harness.stop();

        List<LoggedRequest> requests = chat.requests();
        List<Long> at = requests.stream()
                .map(r -> r.getLoggedDate().getTime() - started)
                .collect(Collectors.toList());
        System.out.println("Paced through " + harness.getClass().getSimpleName() + ": " + logged.get()
                + " events, messages at " + at + " ms after the first event; " + harness.stats());
        assertThat(whileLogging).as("messages while logging, at %s ms", at).isEqualTo(2);
        assertThat(requests).as("the first, the update, and the rest at stop").hasSize(3);
        assertThat(requests.stream().map(ChatStub::threadKey).distinct()).hasSize(1);
        // Not delayed: the 100 ms window and the request, plus a first request's start on a busy machine.
        assertThat(at.get(0)).as("the first message").isLessThan(2_000);
        assertThat(ChatStub.text(requests.get(0))).doesNotContain(" · again").contains("```");
        assertThat(at.get(1) - at.get(0)).as("the first update").isBetween(3_000L, 5_000L);
        assertThat(requests.subList(1, 3))
                .allSatisfy(update -> assertThat(ChatStub.text(update)).contains(" · again\n"));
        assertThat(requests.stream().mapToLong(AppenderContract::eventsIn).sum())
                .as("the counts the messages show")
                .isEqualTo(logged.get());
        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsAccepted()).as("%s", stats).isEqualTo(logged.get());
        assertThat(stats.getEventsDelivered() + stats.getEventsDropped())
                .as("%s", stats)
                .isEqualTo(stats.getEventsAccepted());
        assertThat(stats.getEventsDropped()).as("%s", stats).isZero();
        assertThat(stats.getEventsPending()).as("%s", stats).isZero();
        assertThat(stats.getMessagesSent()).as("%s", stats).isEqualTo(3);
    }

    /**
     * How many events a message of one entry counts: a follow-up's {@code ×N more in}, a first message's
     * {@code ×N in}, or one.
     */
    private static long eventsIn(LoggedRequest request) {
        java.util.regex.Matcher count =
                java.util.regex.Pattern.compile("(?m)^×(\\d+)(?: more)? in ").matcher(ChatStub.text(request));
        return count.find() ? Long.parseLong(count.group(1)) : 1;
    }

    /**
     * A kind that stops: once its thread has been quiet for resolvedAfter (2 s here), it gets one last
     * message, its resolved note, which carries the events the thread had not sent yet, says the exact total,
     * and pages no one. The note is a message, not an event. The kind's next event is new again: a full first
     * message, stack trace and mention included.
     */
    @Test
    @Tag("pacing")
    void aThreadQuietForResolvedAfterGetsOneNoteAndItsNextEventIsAFirstMessageAgain() {
        chat.answerOk();
        harness.configure(Config.RESOLVED, chat.webhookUrl());
        IllegalStateException failure = new IllegalStateException("inventory locked");

        harness.error("com.acme.OrderService", "Order failed", failure);
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 1);
        // Held: the thread's next message, an update, may not go before 10 s.
        for (int i = 0; i < 3; i++) {
            harness.error("com.acme.OrderService", "Order failed", failure);
        }
        long lastEvent = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(6)).until(() -> chat.requests().size() == 2);
        LoggedRequest note = chat.requests().get(1);
        // Counted on the dispatcher thread a moment after the stub has the note; still two messages then.
        await().atMost(Duration.ofSeconds(2)).until(() -> harness.stats().getEventsDelivered() >= 4);
        DeliveryStats afterNote = harness.stats();
        assertThat(chat.requests())
                .as("the first message and the note, nothing between")
                .hasSize(2);

        harness.error("com.acme.OrderService", "Order failed", failure);
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 3);
        harness.stop();

        List<LoggedRequest> requests = chat.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(ChatStub::threadKey).distinct()).hasSize(1);
        String noteText = ChatStub.text(note);
        System.out.println("Resolved note through " + harness.getClass().getSimpleName() + ", "
                + (note.getLoggedDate().getTime() - lastEvent) + " ms after the last event:\n" + noteText);
        assertThat(noteText)
                .startsWith("*ERROR* IllegalStateException in OrderService · shop · test · resolved\nOrder failed\n")
                .contains("Resolved: no new event for 2 s\n", "\n4 events in all from ")
                .doesNotContain("<users", "```", " · again");
        assertThat(note.getLoggedDate().getTime() - lastEvent)
                .as("quiet for resolvedAfter, then sent")
                .isBetween(1_900L, 4_000L);
        assertThat(afterNote.getEventsDelivered())
                .as("the note carried the held events: %s", afterNote)
                .isEqualTo(4);
        assertThat(afterNote.getEventsPending()).as("%s", afterNote).isZero();
        assertThat(afterNote.getMessagesSent()).as("%s", afterNote).isEqualTo(2);
        assertThat(ChatStub.text(requests.get(2)))
                .as("after its note, the kind is new again")
                .startsWith("<users/all> *ERROR* IllegalStateException in OrderService · shop · test\n")
                .contains("```", "java.lang.IllegalStateException: inventory locked")
                .doesNotContain(" · again", " · resolved");
        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsAccepted())
                .as("the note is no event: %s", stats)
                .isEqualTo(5);
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(5);
        assertThat(stats.getEventsDropped()).as("%s", stats).isZero();
        assertThat(stats.getMessagesSent()).as("%s", stats).isEqualTo(3);
    }

    /**
     * A web application shutting down under load: three threads log without pause while the context
     * stops. Every event offered before stop returns is delivered or counted as dropped, whatever the
     * callers do meanwhile, and what the appender held is delivered within shutdownTimeout.
     */
    @Test
    void stoppingWhileThreeThreadsKeepLoggingLeavesNothingPendingAndDeliversEveryKind() throws InterruptedException {
        chat.answerOk();
        harness.configure(Config.SHUTDOWN, chat.webhookUrl());
        AtomicBoolean logging = new AtomicBoolean(true);
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread caller = new Thread(() -> {
                IllegalStateException failure = new IllegalStateException("database down");
                for (int i = 0; logging.get(); i++) {
                    harness.error("com.acme.Kind" + (i % 5), "Request failed", failure);
                }
            });
            caller.start();
            callers.add(caller);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.stats().getEventsAccepted() > 10_000);

        long stopping = System.nanoTime();
        harness.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        DeliveryStats afterStop = harness.stats();
        logging.set(false);
        for (Thread caller : callers) {
            caller.join();
        }
        DeliveryStats afterCallers = harness.stats();

        System.out.println("Stopped under load through " + harness.getClass().getSimpleName() + " in " + stopMillis
                + " ms: " + afterStop + "; once the callers ended: " + afterCallers);
        assertThat(afterStop.getEventsPending())
                .as("right after stop: %s", afterStop)
                .isZero();
        assertThat(afterCallers.getEventsPending())
                .as("once the callers ended: %s", afterCallers)
                .isZero();
        assertThat(afterStop.getEventsDelivered()).as("%s", afterStop).isPositive();
        assertThat(stopMillis)
                .as("shutdownTimeout 2 s, plus the grace to count what is left")
                .isLessThan(3_500);
        String delivered = chat.requests().stream().map(ChatStub::text).collect(Collectors.joining("\n"));
        for (int kind = 0; kind < 5; kind++) {
            assertThat(delivered).as("kind %d", kind).contains("IllegalStateException in Kind" + kind);
        }
    }

    /**
     * An application that reconfigures often (Logback's scan, Spring's refresh): thirty configure, log
     * and stop cycles leave the appender's threads and MBeans as they were, within 2 s and without a
     * GC. One warm-up cycle first, so that what the JVM starts once (the HTTP client shared by equal
     * settings, kept for reuse on JDKs before 21, which cannot close it) is in the count before, and
     * none of the appender's own threads.
     */
    @Test
    void thirtyReconfigurationsLeaveNoThreadAndNoMBeanBehindWithoutAGc() throws Exception {
        chat.answerOk();
        cycle(0);
        // The warm-up's HTTP workers end after a second idle; the count before is taken without them.
        await().atMost(Duration.ofSeconds(5)).until(() -> Leaks.liveThreads(Leaks.APPENDER_THREAD) == 0);
        Map<String, Long> threadsBefore = Leaks.threadsByRole();
        Set<ObjectName> mbeansBefore = Leaks.appenderMBeans();

        for (int i = 1; i <= 30; i++) {
            cycle(i);
        }

        assertThat(chat.requests()).hasSize(31);
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(Leaks.threadsByRole()).isEqualTo(threadsBefore));
        assertThat(Leaks.appenderMBeans()).isEqualTo(mbeansBefore);
    }

    /** Configures, logs one error, waits until it arrived, and stops. */
    private void cycle(int i) {
        harness.configure(Config.TUNED, chat.webhookUrl());
        harness.error("com.acme.Cycle", "cycle " + i, new IllegalStateException("down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests().size() == i + 1);
        harness.stop();
    }

    @Test
    void theThreadKeyIsTheSameInASecondJvm() throws Exception {
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl());
        harness.error("com.acme.A", "from this JVM", new IllegalStateException("first"));
        harness.stop();

        Process second = new ProcessBuilder(
                        new File(System.getProperty("java.home"), "bin/java").getPath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        harness.secondJvmMain().getName(),
                        chat.webhookUrl())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();

        List<LoggedRequest> requests = chat.requests();
        assertThat(requests).hasSize(2);
        assertThat(ChatStub.message(requests.get(1))).isEqualTo("from the second JVM");
        assertThat(ChatStub.threadKey(requests.get(1))).isEqualTo(ChatStub.threadKey(requests.get(0)));
    }

    @Test
    void withDefaultSettingsTheFirstAlertArrivesWithinTwoSecondsAndStopFlushesTheRest() {
        chat.answerOk();
        harness.configure(Config.DEFAULTS, chat.webhookUrl());

        long loggedAt = System.nanoTime();
        harness.error("com.acme.A", "first alert", new IllegalStateException("x"));
        await().atMost(Duration.ofSeconds(2)).until(() -> chat.requests().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - loggedAt)).isLessThan(Duration.ofSeconds(2));

        harness.error("com.acme.B", "flushed on stop", null);
        harness.error("com.acme.C", "flushed on stop too", null);
        harness.stop();

        assertThat(chat.requests()).hasSize(3);
        assertThat(harness.stats().getEventsDelivered()).isEqualTo(3);
        assertThat(harness.stats().getEventsPending()).isZero();
    }

    @Test
    void aMissingWebhookUrlIsReportedAndTheApplicationRunsOn() {
        harness.configure(Config.MISSING_URL, null);

        assertThatCode(() -> harness.error("com.acme.A", "the application runs on", new IllegalStateException()))
                .doesNotThrowAnyException();
        assertThat(harness.appenderRunning()).isFalse();
        assertThat(harness.statusText()).contains(harness.missingUrlReport());
        assertThat(chat.requests()).isEmpty();
    }

    @Test
    void withoutWebhookUrlTheEnvironmentVariableIsUsed() {
        chat.answerOk();
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", chat.webhookUrl());
        try {
            harness.configure(Config.MISSING_URL, null);
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
        harness.error("com.acme.A", "configured from the environment", null);
        harness.stop();

        assertThat(chat.requests()).hasSize(1);
        assertThat(chat.requests().get(0).queryParameter("token").firstValue()).isEqualTo(ChatStub.TOKEN);
    }

    @Test
    void serviceUnavailableTwiceThenDelivered() {
        chat.failTwiceThenOk(503);
        harness.configure(Config.TUNED, chat.webhookUrl());

        harness.error("com.acme.A", "eventually delivered", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests().size() == 3);
        harness.stop();

        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsDelivered()).isEqualTo(1);
        assertThat(stats.getRequestsFailed()).isEqualTo(2);
        assertThat(stats.getRequestsRetried()).isEqualTo(2);
        assertThat(harness.statusText()).contains("Google Chat answered HTTP 503");
    }

    @ParameterizedTest
    @CsvSource({"400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED", "404, NOT_FOUND"})
    void permanentFailuresAreSentOnceAndReportedWithTheirCode(int code, String googleStatus) {
        chat.answerError(code, googleStatus);
        harness.configure(Config.TUNED, chat.webhookUrl());

        harness.error("com.acme.A", "rejected", new IllegalStateException("x"));
        harness.stop();

        assertThat(chat.requests()).hasSize(1);
        assertThat(harness.statusText())
                .contains("Google Chat rejected a message with HTTP " + code + " " + googleStatus
                        + ": rejected by the test");
        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsDropped()).isEqualTo(1);
        assertThat(stats.getRequestsRetried()).isZero();
        assertThat(stats.getEventsPending()).isZero();
    }

    @Test
    void aRefusedConnectionLeavesTheApplicationUnaffectedAndStopBounded() throws IOException {
        harness.configure(Config.TUNED, ChatStub.refusingWebhookUrl());

        long loggingStarted = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            harness.error("com.acme.A", "refused " + i, new IllegalStateException("x"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - loggingStarted)).isLessThan(Duration.ofSeconds(1));

        long stopStarted = System.nanoTime();
        harness.stop();
        // TUNED has a 5 s shutdownTimeout; stop may take up to two seconds more at worst.
        assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(Duration.ofSeconds(7));
        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(200);
        assertThat(stats.getEventsDropped()).isEqualTo(200);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(harness.statusText()).contains("ConnectException", "200 events were not delivered");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = Config.class,
            names = {"TUNED", "TUNED_CARD"})
    void hostileLogDataIsDeliveredWithinGooglesLimitsAndCanNeitherMentionNorLink(Config config) throws IOException {
        chat.answerOk();
        harness.configure(config, chat.webhookUrl());
        Map<String, HostileInputs.Input> inputs = HostileInputs.all();
        java.util.Set<String> refusedByTheFramework = new java.util.HashSet<>();

        for (Map.Entry<String, HostileInputs.Input> input : inputs.entrySet()) {
            try {
                harness.error(input.getValue().logger, input.getValue().message, input.getValue().thrown);
            } catch (RuntimeException frameworkItself) {
                // Thrown by the framework before any appender runs (Logback reads getMessage() itself).
                refusedByTheFramework.add(input.getKey());
            }
        }
        harness.stop();

        assertThat(refusedByTheFramework).isEqualTo(harness.inputsTheFrameworkRefuses());
        int expected = inputs.size() - refusedByTheFramework.size();
        assertThat(chat.requests()).hasSize(expected);
        assertThat(harness.stats().getEventsDelivered()).isEqualTo(expected);
        for (LoggedRequest request : chat.requests()) {
            byte[] raw = request.getBody();
            assertThat(raw.length).isLessThanOrEqualTo(32_000);
            assertThat(new String(raw, java.nio.charset.StandardCharsets.UTF_8)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .as("valid UTF-8")
                    .isEqualTo(raw);
            com.fasterxml.jackson.databind.JsonNode body = ChatStub.body(request);
            assertThat(body.path("text").asText("").length()).isLessThanOrEqualTo(4096);
            if (body.has("cardsV2")) {
                assertThat(body.get("cardsV2").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(32_000);
            }
            // No configured mention or link here, so no '<' may reach Chat's text syntax at all,
            // and no tag from data may reach a card's HTML.
            assertThat(body.path("text").asText("")).doesNotContain("<");
            assertThat(body.path("fallbackText").asText("")).doesNotContain("<");
            for (String value : HostileInputs.strings(body.path("cardsV2"))) {
                assertThat(value).doesNotContain("<users", "<https", "<a ", "<font");
            }
            String allText = String.join("\n", HostileInputs.strings(body));
            assertThat(allText).doesNotContain("\u0000", "\u202E", "\uD800\u0020");
        }
    }

    @Test
    void theContentSettingsWorkThroughTheConfigurationFile() {
        chat.answerOk();
        harness.configure(Config.CONTENT, chat.webhookUrl());
        IllegalStateException thrown = new IllegalStateException("inventory locked");
        StackTraceElement[] frames = new StackTraceElement[12];
        frames[0] = new StackTraceElement("org.framework.Proxy", "invoke", "Proxy.java", 1);
        for (int i = 1; i < 11; i++) {
            frames[i] = new StackTraceElement("org.framework.Chain", "next", "Chain.java", i);
        }
        frames[11] = new StackTraceElement("com.acme.OrderService", "reserve", "OrderService.java", 42);
        thrown.setStackTrace(frames);

        harness.errorWithMdc("com.acme.OrderService", "Order 42 failed", thrown, "traceId", "abc 123");
        harness.stop();

        String text = ChatStub.text(chat.requests().get(0));
        assertThat(text).startsWith("<users/all> *ERROR* IllegalStateException in OrderService");
        assertThat(text).contains("traceId abc 123");
        assertThat(text).contains("<https://logs.example.com/?trace=abc%20123&app=shop|Open logs>");
        assertThat(text).containsPattern("time 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+0[12]:00");
        assertThat(text).contains("at com.acme.OrderService.reserve(OrderService.java:42)", "... 10 frames omitted");
    }

    @Test
    void nothingInLogDataIsEvaluated() {
        chat.answerOk();
        harness.configure(Config.CONTENT, chat.webhookUrl());
        String data =
                "${jndi:ldap://127.0.0.1:1/x} ${env:PATH} ${sys:user.home} ${java:version} {mdc:traceId} {logger}";

        harness.errorWithMdc("com.acme.Lookups", data, new IllegalStateException(data), "traceId", "${sys:user.home}");
        harness.stop();

        String text = ChatStub.text(chat.requests().get(0));
        assertThat(text)
                .contains(
                        "${jndi:ldap://127.0.0.1:1/x} ${env:PATH} ${sys:user.home} ${java:version} {mdc:traceId} {logger}");
        assertThat(text)
                .doesNotContain(System.getProperty("user.home") + " ")
                .doesNotContain(System.getProperty("java.version"));
        // The MDC value goes into the link encoded, not evaluated.
        assertThat(text).contains("trace=%24%7Bsys%3Auser.home%7D");
    }

    @Test
    void anEventLoggedFromInsideTheAppenderIsIgnoredAndCounted() {
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl());
        Object loggingArgument = new Object() {
            @Override
            public String toString() {
                harness.error(
                        "com.acme.Inner",
                        "logged while the appender formats the outer event",
                        new IllegalStateException());
                return "argument";
            }
        };

        harness.error("com.acme.Outer", "outer {}", loggingArgument);
        harness.stop();

        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsIgnored()).isEqualTo(harness.frameworkDropsReentrantEvents() ? 0 : 1);
        assertThat(stats.getEventsDelivered()).isEqualTo(1);
        assertThat(chat.requests())
                .singleElement()
                .satisfies(r -> assertThat(ChatStub.message(r)).isEqualTo("outer argument"));
    }

    /**
     * An error logged on one of the appender's own threads (the JDK HTTP client's, through a JUL bridge) is
     * ignored even when the framework appends it on a thread of its own: sending it could feed the appender
     * its own failures in a loop.
     */
    @ParameterizedTest
    @EnumSource(Handoff.class)
    void anErrorLoggedOnTheAppendersOwnThreadIsIgnoredBehindAnotherThread(Handoff handoff) throws InterruptedException {
        assumeTrue(harness.handoffs().contains(handoff), "the framework has no " + handoff);
        chat.answerOk();
        harness.configure(Config.TUNED, chat.webhookUrl(), handoff);
        Thread own = new InternalThreads("http", "contract")
                .newThread(() -> harness.error(
                        "jdk.internal.httpclient.debug", "logged on the appender's HTTP thread", new IOException()));
        own.start();
        own.join(TimeUnit.SECONDS.toMillis(10));

        harness.error("com.acme.Orders", "Order 42 failed", new IllegalStateException("database down"));
        harness.stop();

        DeliveryStats stats = harness.stats();
        assertThat(stats.getEventsIgnored()).as("%s", stats).isEqualTo(1);
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(1);
        assertThat(chat.requests())
                .singleElement()
                .satisfies(r -> assertThat(ChatStub.message(r)).isEqualTo("Order 42 failed"));
    }
}
