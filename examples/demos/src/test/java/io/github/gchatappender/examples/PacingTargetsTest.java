package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.report.DeliveryStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The targets of issue #23 (pacing per Chat thread, resolved notes), through real {@code logback.xml} and
 * {@code log4j2.xml} files with the default settings apart from the URL, against the local stand-in, which
 * accepts one message per second per space and answers 429 above it. Logback and Log4j2 run at the same
 * time, each posting to a stand-in of its own, and the 3-minute storm runs in the background from the
 * start while the shorter scenario runs: the class takes about as long as the storm. The figures are
 * printed for docs/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacingTargetsTest {

    private static final Duration STORM = Duration.ofMinutes(3);
    private static final int STORM_EVENTS = 60_000;
    /** In the storm, kind k's errors start k times this after the first kind's. */
    private static final long STORM_KIND_STAGGER_MILLIS = 2_000;
    /** The default batchWindow. */
    private static final long BATCH_WINDOW_MILLIS = 500;

    private static final List<Kind> KINDS = List.of(
            new Kind(
                    "com.acme.OrderService",
                    "Order could not be reserved",
                    new IllegalStateException("inventory locked")),
            new Kind("com.acme.PaymentClient", "Payment timed out", new TimeoutException("no answer in 5 s")),
            new Kind("com.acme.CheckoutController", "Checkout failed", new NullPointerException("cart")),
            new Kind("com.acme.InventoryClient", "Stock query refused", new IllegalArgumentException("sku")),
            new Kind("com.acme.ShippingService", "Label not printed", new ArithmeticException("/ by zero")));

    private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static ExecutorService storms;
    private static final Map<String, Future<StormRun>> STORMS = new LinkedHashMap<>();

    /** A kind of error: its logger, message and exception. */
    static final class Kind {
        final String logger;
        final String message;
        final Throwable failure;

        Kind(String logger, String message, Throwable failure) {
            this.logger = logger;
            this.message = message;
            this.failure = failure;
        }

        /** How a message's header names it: {@code IllegalStateException in OrderService}. */
        String header() {
            return failure.getClass().getSimpleName() + " in " + logger.substring(logger.lastIndexOf('.') + 1);
        }

        /** Whether {@code text} is about this kind: its header, then the end of the line or more of it. */
        boolean isAbout(String text) {
            return text.contains(header() + "\n") || text.contains(header() + " · ");
        }
    }

    /** One framework's logging context, configured from its XML file, with the appender in it. */
    /** One framework's configured appender: how to log to it, read its counts and stop it. */
    static final class Framework {
        private final String name;
        private final Consumer<Kind> error;
        private final Supplier<DeliveryStats> stats;
        private final Runnable stop;

        Framework(String name, Consumer<Kind> error, Supplier<DeliveryStats> stats, Runnable stop) {
            this.name = name;
            this.error = error;
            this.stats = stats;
            this.stop = stop;
        }

        String name() {
            return name;
        }

        void error(Kind kind) {
            error.accept(kind);
        }

        DeliveryStats stats() {
            return stats.get();
        }

        void stop() {
            stop.run();
        }
    }

    static Framework logback(String resource, String webhookUrl) {
        ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
        context.setName(resource);
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("pacing.webhookUrl", webhookUrl);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(PacingTargetsTest.class.getResource("/" + resource));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
        io.github.gchatappender.logback.GoogleChatAppender appender =
                (io.github.gchatappender.logback.GoogleChatAppender)
                        context.getLogger("ROOT").getAppender("GOOGLE_CHAT");
        assertThat(appender.isStarted()).as("started from %s", resource).isTrue();
        return new Framework(
                "Logback",
                kind -> context.getLogger(kind.logger).error(kind.message, kind.failure),
                appender::getDeliveryStats,
                context::stop);
    }

    static Framework log4j2(String resource, String webhookUrl) {
        org.apache.logging.log4j.core.LoggerContext context;
        System.setProperty("pacing.webhookUrl", webhookUrl);
        try {
            context = new org.apache.logging.log4j.core.LoggerContext(
                    resource,
                    null,
                    PacingTargetsTest.class.getResource("/" + resource).toURI());
            context.start();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            System.clearProperty("pacing.webhookUrl");
        }
        io.github.gchatappender.log4j2.GoogleChatAppender appender =
                context.getConfiguration().getAppender("GoogleChat");
        assertThat(appender).as("configured from %s", resource).isNotNull();
        return new Framework(
                "Log4j2",
                kind -> context.getLogger(kind.logger).error(kind.message, kind.failure),
                appender::getDeliveryStats,
                context::stop);
    }

    /** A message the stand-in accepted. */
    static final class Received {
        final String threadKey;
        final Instant at;
        final String text;

        Received(JsonNode message) {
            threadKey = message.path("threadKey").asText();
            at = Instant.parse(message.path("receivedAt").asText());
            text = message.path("text").asText();
        }

        /**
         * The events the message counts: a follow-up's {@code ×N more in}, a first message's {@code ×N in},
         * a note's none (it counts the whole thread), else one.
         */
        long events() {
            if (text.contains(" · resolved\n")) {
                return 0;
            }
            Matcher count = Pattern.compile("(?m)^×(\\d+)(?: more)? in ").matcher(text);
            return count.find() ? Long.parseLong(count.group(1)) : 1;
        }

        boolean isNote() {
            return text.contains(" · resolved\n");
        }

        boolean isUpdate() {
            return text.contains(" · again\n");
        }
    }

    /** A stand-in of its own, and what it accepted. */
    static LocalChatServer standIn() throws IOException {
        LocalChatServer chat = LocalChatServer.start(SILENT);
        OPEN.add(chat);
        return chat;
    }

    static List<Received> messages(LocalChatServer chat) {
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(chat.previewUrl() + "api/messages"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Received> messages = new ArrayList<>();
            for (JsonNode message : JSON.readTree(answer.body())) {
                messages.add(new Received(message));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The messages of each kind's thread, in the order of the kinds; a kind's thread found by its first message. */
    static Map<Kind, List<Received>> threads(List<Received> messages) {
        Map<Kind, List<Received>> threads = new LinkedHashMap<>();
        for (Kind kind : KINDS) {
            String key = messages.stream()
                    .filter(m -> kind.isAbout(m.text))
                    .map(m -> m.threadKey)
                    .findFirst()
                    .orElse(null);
            List<Received> thread = new ArrayList<>();
            for (Received message : messages) {
                if (message.threadKey.equals(key)) {
                    thread.add(message);
                }
            }
            threads.put(kind, thread);
        }
        return threads;
    }

    /** What one framework's storm did. */
    static final class StormRun {
        final Framework framework;
        final LocalChatServer chat;
        final AtomicLongArray logged = new AtomicLongArray(KINDS.size());
        final AtomicLongArray firstEventMillis = new AtomicLongArray(KINDS.size());
        long stopMillis;
        DeliveryStats stats;

        StormRun(Framework framework, LocalChatServer chat) {
            this.framework = framework;
            this.chat = chat;
        }
    }

    @BeforeAll
    static void startTheStorms() throws IOException {
        storms = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "storm");
            thread.setDaemon(true);
            return thread;
        });
        LocalChatServer forLogback = standIn();
        LocalChatServer forLog4j2 = standIn();
        StormRun logback = new StormRun(logback("pacing-logback.xml", forLogback.webhookUrl()), forLogback);
        StormRun log4j2 = new StormRun(log4j2("pacing-log4j2.xml", forLog4j2.webhookUrl()), forLog4j2);
        STORMS.put("Logback", storms.submit(() -> storm(logback)));
        STORMS.put("Log4j2", storms.submit(() -> storm(log4j2)));
    }

    @AfterAll
    static void closeEverything() throws Exception {
        if (storms != null) {
            storms.shutdownNow();
        }
        for (AutoCloseable open : OPEN) {
            open.close();
        }
    }

    /**
     * 60,000 errors in 3 minutes at an even pace, round-robin over the kinds that have started: kind k
     * from k × 2 s on, as an outage spreads. Then the context stops, as an application's shutdown does.
     */
    private static StormRun storm(StormRun run) {
        long started = System.nanoTime();
        long nanosPerEvent = STORM.toNanos() / STORM_EVENTS;
        for (int i = 0; i < STORM_EVENTS; i++) {
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            int startedKinds = (int) Math.min(KINDS.size(), 1 + elapsedMillis / STORM_KIND_STAGGER_MILLIS);
            int k = i % startedKinds;
            if (run.logged.get(k) == 0) {
                run.firstEventMillis.set(k, System.currentTimeMillis());
            }
            run.framework.error(KINDS.get(k));
            run.logged.incrementAndGet(k);
            long due = started + (i + 1) * nanosPerEvent;
            if ((i & 15) == 15 && due - System.nanoTime() > 0) {
                LockSupport.parkNanos(due - System.nanoTime()); // Pacing the caller, not waiting for a result.
            }
        }
        long stopping = System.nanoTime();
        run.framework.stop();
        run.stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        run.stats = run.framework.stats();
        return run;
    }

    /**
     * With resolvedAfter 5 s: 5 kinds start together, log 10 errors a second each for 20 s, and stop
     * together. Once quiet, each kind's thread gets one message, its note, with the exact total; the events
     * its updates had not carried go in the note. Then a new event of a kind is a first message again.
     * Logback and Log4j2 at once, while the storm goes on.
     */
    @Test
    @Order(1)
    void kindsThatStopTogetherEachGetOneResolvedNoteAndAreNewAgainAfterIt() throws Exception {
        LocalChatServer forLogback = standIn();
        LocalChatServer forLog4j2 = standIn();
        Framework logback = logback("pacing-resolved-logback.xml", forLogback.webhookUrl());
        Framework log4j2 = log4j2("pacing-resolved-log4j2.xml", forLog4j2.webhookUrl());
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<String> logbackRun = both.submit(() -> stopTogether(logback, forLogback));
            Future<String> log4j2Run = both.submit(() -> stopTogether(log4j2, forLog4j2));
            String logbackFigures = result(logbackRun);
            String log4j2Figures = result(log4j2Run);
            System.out.println(logbackFigures);
            System.out.println(log4j2Figures);
        } finally {
            both.shutdownNow();
            logback.stop();
            log4j2.stop();
        }
    }

    private static String stopTogether(Framework framework, LocalChatServer chat) {
        long[] logged = new long[KINDS.size()];
        long started = System.currentTimeMillis();
        long nextEvent = System.nanoTime();
        long lastEvent = 0;
        for (int round = 0; round < 200; round++) {
            if (round > 0) {
                nextEvent += 100_000_000L;
                LockSupport.parkNanos(nextEvent - System.nanoTime()); // Pacing the caller.
            }
            for (int k = 0; k < KINDS.size(); k++) {
                framework.error(KINDS.get(k));
                logged[k]++;
            }
            lastEvent = System.currentTimeMillis();
        }
        waitUntil(
                Duration.ofSeconds(20),
                "a note in each thread",
                () -> messages(chat).stream().filter(Received::isNote).count() == KINDS.size());
        DeliveryStats afterNotes = framework.stats();
        List<Received> beforeAgain = messages(chat);

        Kind again = KINDS.get(0);
        framework.error(again);
        waitUntil(
                Duration.ofSeconds(10),
                "the first message again",
                () -> messages(chat).size() == beforeAgain.size() + 1);
        Received firstAgain = messages(chat).get(beforeAgain.size());

        StringBuilder figures = new StringBuilder(String.format(
                Locale.ROOT,
                "%s, resolvedAfter 5 s, 5 kinds starting and stopping together (200 events each, 20 s): %d messages,"
                        + " %d answered 429; %s%n",
                framework.name(),
                beforeAgain.size(),
                chat.tooManyRequests(),
                afterNotes));
        Map<Kind, List<Received>> threads = threads(beforeAgain);
        for (Map.Entry<Kind, List<Received>> thread : threads.entrySet()) {
            Kind kind = thread.getKey();
            List<Received> messages = thread.getValue();
            int k = KINDS.indexOf(kind);
            assertThat(messages).as("%s: %s", framework.name(), kind.header()).isNotEmpty();
            List<Received> onceQuiet = new ArrayList<>();
            long carriedBefore = 0;
            for (Received message : messages) {
                if (message.at.toEpochMilli() > lastEvent) {
                    onceQuiet.add(message);
                } else {
                    carriedBefore += message.events();
                }
            }
            Received note = onceQuiet.isEmpty() ? null : onceQuiet.get(0);
            long noteAfter = note == null ? -1 : note.at.toEpochMilli() - lastEvent;
            figures.append(String.format(
                    Locale.ROOT,
                    "  %s: first message %d ms after the first event; %d messages (%s); note %d ms after the last"
                            + " event, carrying %d of %d events%n",
                    kind.header(),
                    messages.get(0).at.toEpochMilli() - started,
                    messages.size(),
                    kindsOf(messages),
                    noteAfter,
                    logged[k] - carriedBefore,
                    logged[k]));
            assertThat(onceQuiet)
                    .as("%s %s: one message once quiet, its note; thread %s", framework.name(), kind.header(), figures)
                    .hasSize(1);
            assertThat(note.isNote()).as("%s", note.text).isTrue();
            assertThat(note.text)
                    .as("%s", figures)
                    .contains("Resolved: no new event for 5 s\n", "\n" + logged[k] + " events in all from ")
                    .doesNotContain("<users", "```");
            assertThat(logged[k] - carriedBefore)
                    .as("the events the updates had not carried go in the note: %s", figures)
                    .isPositive();
            assertThat(noteAfter).as("%s", figures).isLessThanOrEqualTo(11_000);
        }
        assertThat(afterNotes.getEventsAccepted()).as("%s", afterNotes).isEqualTo(200L * KINDS.size());
        assertThat(afterNotes.getEventsDelivered())
                .as("every event delivered, the notes being no events: %s", afterNotes)
                .isEqualTo(200L * KINDS.size());
        assertThat(afterNotes.getEventsPending()).as("%s", afterNotes).isZero();
        assertThat(afterNotes.getMessagesSent()).as("%s", afterNotes).isEqualTo(beforeAgain.size());
        assertThat(chat.tooManyRequests()).as("%s", figures).isZero();

        figures.append(String.format(
                Locale.ROOT,
                "  after its note, a new %s: %s%n",
                again.header(),
                firstAgain.text.lines().findFirst().orElse("")));
        assertThat(firstAgain.text)
                .as("after its note, a kind is new again: a full first message")
                .startsWith("*ERROR* " + again.header() + "\n")
                .contains("```", "java.lang.IllegalStateException: inventory locked")
                .doesNotContain(" · again\n", " · resolved\n");
        return figures.toString();
    }

    /** {@code first, update, update, note}. */
    private static String kindsOf(List<Received> messages) {
        List<String> kinds = new ArrayList<>();
        for (Received message : messages) {
            kinds.add(message.isNote() ? "note" : message.isUpdate() ? "update" : "first");
        }
        return String.join(", ", kinds);
    }

    /**
     * One replica, a 3-minute storm of 60,000 errors in 5 kinds, default settings: at most 30 messages in
     * the space, none answered 429, each kind's first message within batchWindow + 1 s of its first event,
     * each thread's first update within 15 s of its first message, and every event counted: delivered or
     * dropped once the context stopped, and the counts the messages show add up to what was logged.
     */
    @Test
    @Order(2)
    void aThreeMinuteStormOfSixtyThousandErrorsIsAFewMessagesPerThread() throws Exception {
        List<StormRun> runs = new ArrayList<>();
        for (Future<StormRun> storm : STORMS.values()) {
            runs.add(result(storm, STORM.plusMinutes(2)));
        }
        StringBuilder figures = new StringBuilder();
        for (StormRun run : runs) {
            figures.append(stormFigures(run));
        }
        System.out.print(figures);
        for (StormRun run : runs) {
            checkStorm(run, figures.toString());
        }
    }

    private static String stormFigures(StormRun run) {
        List<Received> messages = messages(run.chat);
        StringBuilder figures = new StringBuilder(String.format(
                Locale.ROOT,
                "%s, %d errors in %d s in %d kinds, default settings: %d messages, %d answered 429; stop took %d ms;"
                        + " %s%n",
                run.framework.name(),
                STORM_EVENTS,
                STORM.toSeconds(),
                KINDS.size(),
                messages.size(),
                run.chat.tooManyRequests(),
                run.stopMillis,
                run.stats));
        for (Map.Entry<Kind, List<Received>> thread : threads(messages).entrySet()) {
            int k = KINDS.indexOf(thread.getKey());
            List<Received> inThread = thread.getValue();
            List<Long> secondsAfterFirst = new ArrayList<>();
            for (Received message : inThread) {
                secondsAfterFirst.add(
                        Duration.between(inThread.get(0).at, message.at).toMillis());
            }
            figures.append(String.format(
                    Locale.ROOT,
                    "  %s: %d events, %d messages (%s), shown counts %d; first message %d ms after the first event;"
                            + " then at +%s ms%n",
                    thread.getKey().header(),
                    run.logged.get(k),
                    inThread.size(),
                    kindsOf(inThread),
                    inThread.stream().mapToLong(Received::events).sum(),
                    inThread.isEmpty() ? -1 : inThread.get(0).at.toEpochMilli() - run.firstEventMillis.get(k),
                    secondsAfterFirst.subList(Math.min(1, secondsAfterFirst.size()), secondsAfterFirst.size())));
        }
        return figures.toString();
    }

    private static void checkStorm(StormRun run, String figures) {
        List<Received> messages = messages(run.chat);
        String framework = run.framework.name();
        assertThat(messages.size())
                .as("%s: messages in the space; %s", framework, figures)
                .isLessThanOrEqualTo(30);
        assertThat(run.chat.tooManyRequests())
                .as("%s: 429s; %s", framework, figures)
                .isZero();
        DeliveryStats stats = run.stats;
        assertThat(stats.getEventsAccepted()).as("%s", stats).isEqualTo(STORM_EVENTS);
        assertThat(stats.getEventsDelivered() + stats.getEventsDropped())
                .as("%s", stats)
                .isEqualTo(stats.getEventsAccepted());
        assertThat(stats.getEventsDropped()).as("%s", stats).isZero();
        assertThat(stats.getEventsPending()).as("%s", stats).isZero();
        assertThat(stats.getMessagesSent()).as("%s", stats).isEqualTo(messages.size());
        for (Map.Entry<Kind, List<Received>> thread : threads(messages).entrySet()) {
            Kind kind = thread.getKey();
            int k = KINDS.indexOf(kind);
            List<Received> inThread = thread.getValue();
            assertThat(inThread)
                    .as("%s: %s delivered; %s", framework, kind.header(), figures)
                    .isNotEmpty();
            assertThat(inThread.get(0).at.toEpochMilli() - run.firstEventMillis.get(k))
                    .as("%s: %s's first message after its first event; %s", framework, kind.header(), figures)
                    .isLessThanOrEqualTo(BATCH_WINDOW_MILLIS + 1_000);
            assertThat(inThread.size())
                    .as("%s: %s; %s", framework, kind.header(), figures)
                    .isGreaterThanOrEqualTo(2);
            assertThat(Duration.between(inThread.get(0).at, inThread.get(1).at).toMillis())
                    .as("%s: %s's first update after its first message; %s", framework, kind.header(), figures)
                    .isBetween(10_000L, 15_000L);
            assertThat(inThread.stream().mapToLong(Received::events).sum())
                    .as("%s: %s, the counts its messages show; %s", framework, kind.header(), figures)
                    .isEqualTo(run.logged.get(k));
        }
    }

    private static <T> T result(Future<T> future) throws Exception {
        return result(future, Duration.ofMinutes(2));
    }

    /** The future's result; what failed in it, thrown here as it was thrown there. */
    private static <T> T result(Future<T> future, Duration patience) throws Exception {
        try {
            return future.get(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw (Exception) cause;
        }
    }

    /** Waits until {@code condition} holds, looking every 200 ms; fails after {@code patience}. */
    private static void waitUntil(Duration patience, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(end - System.nanoTime())
                    .as("still waiting after %s for %s", patience, what)
                    .isPositive();
            LockSupport.parkNanos(200_000_000L);
        }
    }
}
