package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gchatappender.core.RecordingStatus;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.status.StatusThrottle;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's loop, its batches and its outcome policy on a fake transport and a manual
 * ticker: each step is driven by hand, each answer given by the test.
 */
class DispatcherTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final ThrowableSnapshot FAILURE = ThrowableSnapshot.of(new IllegalStateException("down"));

    private long now = 1_000 * SECOND;
    private final EventQueue<AlertEvent> queue = new EventQueue<>(1024);
    private final DeliveryCounters counters = new DeliveryCounters(queue::claimed);
    private final RepeatCounters repeats = new RepeatCounters(counters);
    private final RecordingStatus status = new RecordingStatus();
    /** Where the dispatcher reports; the status above unless a test breaks it. */
    private StatusReporter reporter = status;
    /** The fleet store of the dispatchers this test makes; none unless a test sets one. */
    private FleetStore fleetStore;

    private final List<Request> requests = new ArrayList<>();

    /** One post: its body and the answer the test gives. */
    private static final class Request {
        final String body;
        final long atNanos;
        final CompletableFuture<WebhookResponse> answer = new CompletableFuture<>();

        Request(byte[] body, long atNanos) {
            this.body = new String(body, StandardCharsets.UTF_8);
            this.atNanos = atNanos;
        }
    }

    private Dispatcher dispatcher(SenderSettings.Builder settings, SpaceQuota quota) {
        return dispatcher(settings, RetryTimings.GOOGLE, quota);
    }

    private Dispatcher dispatcher(SenderSettings.Builder settings, RetryTimings retry, SpaceQuota quota) {
        WebhookTransport transport = new WebhookTransport() {
            @Override
            public CompletableFuture<WebhookResponse> post(byte[] jsonBody, Duration timeout) {
                Request request = new Request(jsonBody, now);
                requests.add(request);
                return request.answer;
            }

            @Override
            public void close() {}
        };
        return new DispatcherFactory(
                        TestDispatchSettings.of(settings.build(), retry),
                        queue,
                        repeats,
                        counters,
                        new StatusThrottle(reporter, () -> now),
                        () -> "host",
                        () -> {},
                        () -> now,
                        transport,
                        quota,
                        bound -> ThreadLocalRandom.current().nextLong(bound),
                        fleetStore)
                .create();
    }

    private static SenderSettings.Builder settings() {
        return SenderSettings.builder()
                .name("test")
                .webhookUrl("https://chat.googleapis.com/v1/spaces/S/messages?key=k&token=t")
                .batchWindow(Duration.ofMillis(500))
                .maxRetries(1);
    }

    private Dispatcher dispatcher() {
        return dispatcher(settings(), SpaceQuota.unshared(1, () -> 0.5));
    }

    private void offer(String logger) {
        queue.offer(event(logger));
    }

    /** Offers as a caller of the sender does: a repeat of a kind with an open counter is only counted. */
    private void offerAsCaller(String logger) {
        RepeatCounters.Counter repeat = repeats.find(logger, FAILURE.className(), "Request {} failed");
        if (repeat != null && repeat.add(now / MS)) {
            return;
        }
        RepeatCounters.Counter opened = repeats.openFor(logger, FAILURE.className(), "Request {} failed", repeat);
        if (queue.offer(event(logger)) != EventQueue.Offer.QUEUED && opened != null) {
            repeats.abandon(opened);
        }
    }

    private AlertEvent event(String logger) {
        return AlertEvent.builder()
                .timestampMillis(now / MS)
                .level("ERROR")
                .loggerName(logger)
                .threadName("main")
                .message("Request 1 failed")
                .messagePattern("Request {} failed")
                .throwable(FAILURE)
                .build();
    }

    /** Steps until the dispatcher has nothing to do before {@code until}, moving the clock as it asks. */
    private void runUntil(Dispatcher dispatcher, long until) {
        while (now - until < 0) {
            long next = dispatcher.stepSafely(now);
            if (next - now > 0) {
                now = Math.min(until, Math.min(next, now + LoopPacing.FOLD_INTERVAL_NANOS));
            }
        }
    }

    private static WebhookResponse ok() {
        return new WebhookResponse(200, "{}", null);
    }

    private static WebhookResponse tooManyRequests() {
        return new WebhookResponse(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}", null);
    }

    @Test
    void aBatchGoesWhenItsWindowHasPassedAndNotBefore() {
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");

        runUntil(dispatcher, now + 499 * MS);
        assertThat(requests).isEmpty();
        runUntil(dispatcher, now + 2 * MS);
        assertThat(requests).hasSize(1);

        requests.get(0).answer.complete(ok());
        dispatcher.stepSafely(now);
        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(1);
    }

    /** A 429 spends no retry: with maxRetries 1, three 429s in a row still end in a delivery. */
    @Test
    void a429IsNoFailureTheMessageWaitsGathersItsThreadsEventsAndGoesLater() {
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);

        for (int i = 0; i < 3; i++) {
            requests.get(requests.size() - 1).answer.complete(tooManyRequests());
            dispatcher.stepSafely(now);
            offer("com.acme.Orders"); // Joins the waiting message instead of making another.
            runUntil(dispatcher, now + 45 * SECOND); // Slots 10, 20 and 40 s apart after the 429s.
        }
        assertThat(requests).hasSize(4);
        assertThat(counters.snapshot().getEventsDropped()).isZero();
        requests.get(3).answer.complete(ok());
        dispatcher.stepSafely(now);

        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(4);
        assertThat(requests.get(3).body).contains("\u00D74").doesNotContain("Digest");
        assertThat(status.lines).allSatisfy(line -> assertThat(line).startsWith("WARN Google Chat answered HTTP 429"));
    }

    @Test
    void aServerErrorSpendsARetryAndIsDroppedOnceTheyAreSpent() {
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);

        requests.get(0).answer.complete(new WebhookResponse(503, "{}", null));
        runUntil(dispatcher, now + 5 * SECOND);
        assertThat(requests).hasSize(2);
        requests.get(1).answer.complete(new WebhookResponse(503, "{}", null));
        dispatcher.stepSafely(now);

        assertThat(counters.snapshot().getEventsDropped()).isEqualTo(1);
        assertThat(status.lines).anySatisfy(line -> assertThat(line).contains("dropped after 2 attempts"));
    }

    /** The exactness of the count: every repeat counted on the callers' side is delivered with its batch, once. */
    @Test
    void repeatsCountedOnTheCallersSideGoWithTheirBatchAndTheCounterClosesWhenItLeaves() {
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");
        dispatcher.stepSafely(now);
        RepeatCounters.Counter counter = repeats.find("com.acme.Orders", FAILURE.className(), "Request {} failed");
        assertThat(counter).isNotNull();
        for (int i = 0; i < 41; i++) {
            assertThat(counter.add(now / MS)).isTrue();
        }

        runUntil(dispatcher, now + SECOND);
        assertThat(requests).hasSize(1);
        assertThat(counter.add(now / MS)).as("closed before the batch was sent").isFalse();
        assertThat(repeats.find("com.acme.Orders", FAILURE.className(), "Request {} failed"))
                .isNull();
        requests.get(0).answer.complete(ok());
        dispatcher.stepSafely(now);

        assertThat(requests.get(0).body).contains("\u00D742");
        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(42);
        assertThat(counters.snapshot().getEventsPending()).isZero();
    }

    /** Repeats are exact at the last moment too: what the callers counted is dropped and counted, not lost. */
    @Test
    void repeatsStillCountedWhenTheDispatcherEndsAreCountedAsDropped() {
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");
        dispatcher.stepSafely(now);
        RepeatCounters.Counter counter = repeats.find("com.acme.Orders", FAILURE.className(), "Request {} failed");
        counter.add(now / MS);

        dispatcher.abandonRemaining();

        assertThat(counter.add(now / MS)).isFalse();
        assertThat(counters.snapshot().getEventsDropped()).isEqualTo(2);
        assertThat(counters.snapshot().getEventsPending()).isZero();
    }

    @Test
    void aNewKindGoesBeforeTheThreadsThatAlreadyHaveTheirMessage() {
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);
        requests.get(0).answer.complete(ok());
        dispatcher.stepSafely(now);

        offer("com.acme.Orders");
        runUntil(dispatcher, now + 100 * MS);
        offer("com.acme.Payments"); // Later, but new to the space.
        runUntil(dispatcher, now + 3 * SECOND);

        assertThat(requests.get(1).body).contains("Payments");
    }

    /**
     * At stop, the plan counts on the share learned from the space, not on the configured rate: a
     * share too small for one message per batch within the deadline makes one digest at once.
     */
    @Test
    void stoppingAfter429sDigestsAtOnceWhatTheLearnedShareCannotSendOneByOne() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.0);
        Dispatcher dispatcher = dispatcher(settings().shutdownTimeout(Duration.ofSeconds(10)), quota);
        for (String logger : new String[] {"Alpha", "Bravo", "Charlie", "Delta", "Echo"}) {
            offer("com.acme." + logger);
        }
        runUntil(dispatcher, now + SECOND);
        while (quota.intervalNanos(now) <= 10 * SECOND) {
            requests.get(requests.size() - 1).answer.complete(tooManyRequests());
            runUntil(dispatcher, now + 40 * SECOND);
        }
        int before = requests.size();
        requests.get(before - 1).answer.complete(tooManyRequests());
        dispatcher.stepSafely(now);
        assertThat(counters.snapshot().getEventsDropped()).isZero();

        dispatcher.requestStop(now + 10 * SECOND);
        runUntil(dispatcher, now + 10 * SECOND);

        assertThat(requests.subList(before, requests.size()))
                .singleElement()
                .satisfies(request -> assertThat(request.body)
                        .startsWith("{\"text\":\"*Digest*")
                        .contains("5 kinds"));
    }

    /**
     * Slots learned at the top level (640 s apart) and 900 kinds waiting: the loop sleeps until the
     * slot, a second at a time; it no longer wakes every 50 ms to look at every batch (200 steps in
     * 10 s before, 10 now). Callers still wake it only at a half-full queue, and it folds every 50 ms
     * again from one batch window before the slot, so that a new kind is ready for it.
     */
    @Test
    void waitingForALearnedSlotTheLoopSleepsUntilIt() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        Dispatcher dispatcher = dispatcher(settings(), quota);
        for (int i = 0; i < 900; i++) {
            offer("com.acme.Kind" + i);
        }
        runUntil(dispatcher, now + SECOND);
        while (quota.intervalNanos(now) < 640 * SECOND) {
            int sent = requests.size();
            requests.get(sent - 1).answer.complete(tooManyRequests());
            while (requests.size() == sent) {
                runUntil(dispatcher, now + SECOND);
            }
        }
        requests.get(requests.size() - 1).answer.complete(tooManyRequests());
        int sent = requests.size();

        int steps = 0;
        for (long until = now + 10 * SECOND; now - until < 0; steps++) {
            long next = dispatcher.stepSafely(now);
            now += Math.max(MS, dispatcher.sleepNanos(next - now));
        }

        assertThat(steps).isBetween(10, 12);
        assertThat(dispatcher.wakeThreshold()).as("no wake-up per event").isEqualTo(queue.capacity() / 2);
        assertThat(requests).hasSize(sent);
        assertThat(counters.snapshot().getEventsPending()).isEqualTo(900);

        long gate = quota.nextPermitNanos(now);
        assertThat(dispatcher.sleepNanos(gate - now)).isEqualTo(SECOND);
        assertThat(dispatcher.sleepNanos(SECOND / 4))
                .as("within the last window")
                .isEqualTo(LoopPacing.FOLD_INTERVAL_NANOS);
    }

    @Test
    void twoDispatchersOfOneSpaceNeverBothTakeThePermit() {
        SpaceQuota shared = SpaceQuota.unshared(1, () -> 0.5);
        Dispatcher first = dispatcher(settings(), shared);
        Dispatcher second = dispatcher(settings(), shared);
        offer("com.acme.Orders");
        runUntil(first, now + SECOND);
        offer("com.acme.Payments");
        runUntil(second, now + SECOND);

        assertThat(requests).hasSize(1);
        requests.get(0).answer.complete(ok());
        first.stepSafely(now);
        runUntil(second, now + 2 * SECOND);
        assertThat(requests).hasSize(2);
    }

    /**
     * A caller that opened its kind's counter and died before queueing its event (a
     * StackOverflowError while copying it): the counter is given up within three sweeps, and the kind's
     * next events are delivered again instead of being counted into it unseen.
     */
    @Test
    void aCounterWhoseCallerNeverQueuedItsEventIsGivenUpAndTheKindIsDeliveredAgain() {
        Dispatcher dispatcher = dispatcher();
        RepeatCounters.Counter orphan =
                repeats.openFor("com.acme.Orders", FAILURE.className(), "Request {} failed", null);
        for (int i = 0; i < 3; i++) {
            offerAsCaller("com.acme.Orders");
        }
        assertThat(queue.isEmpty()).as("counted into the orphan").isTrue();

        runUntil(dispatcher, now + 4 * SECOND);
        assertThat(orphan.add(now / MS)).as("given up").isFalse();
        offerAsCaller("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);

        assertThat(requests).hasSize(1);
        requests.get(0).answer.complete(ok());
        dispatcher.stepSafely(now);
        assertThat(counters.snapshot().getEventsDropped())
                .as("the orphan's repeats")
                .isEqualTo(3);
        assertThat(status.lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("WARN 3 repeated events dropped: the first event of their kind never reached"));
        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(1);
        assertThat(counters.snapshot().getEventsPending()).isZero();
    }

    /**
     * An Error while folding (here from a status listener that throws one) ends the loop; the events
     * it had drained and not folded yet are counted with the rest, and none is left behind.
     */
    @Test
    void anErrorWhileFoldingEndsTheLoopAndEveryEventItHadDrainedIsCounted() {
        reporter = new StatusReporter() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                if (message.contains("kinds of error")) {
                    throw new AssertionError("a status listener that breaks");
                }
            }

            @Override
            public void error(String message) {}
        };
        Dispatcher dispatcher = dispatcher();
        for (int i = 0; i < OpenBatches.MAX_OPEN_BATCHES; i++) {
            offer("com.acme.Kind" + i);
        }
        dispatcher.stepSafely(now);
        offer("com.acme.OneTooMany"); // Refused and reported: the report throws.
        offer("com.acme.Kind1");
        offer("com.acme.Kind2");

        assertThatThrownBy(() -> dispatcher.stepSafely(now)).isInstanceOf(AssertionError.class);
        dispatcher.abandonRemaining();

        DeliveryStats stats = counters.snapshot();
        assertThat(stats.getEventsAccepted()).as("%s", stats).isEqualTo(OpenBatches.MAX_OPEN_BATCHES + 3);
        assertThat(stats.getEventsDropped()).as("%s", stats).isEqualTo(OpenBatches.MAX_OPEN_BATCHES + 3);
        assertThat(stats.getEventsPending()).isZero();
    }

    /**
     * Under load the webhook answers slowly, and the next message may go only an interval after the
     * answer. The stop plan counts the time the last answer took: when two more messages cannot both
     * be answered before the deadline, every kind left goes in one digest at once.
     */
    @Test
    void theStopPlanCountsTheTimeAnswersTakeAndSendsEveryKindBeforeTheDeadline() {
        Dispatcher dispatcher =
                dispatcher(settings().shutdownTimeout(Duration.ofSeconds(2)), SpaceQuota.unshared(1, () -> 0.5));
        offer("com.acme.Alpha");
        runUntil(dispatcher, now + SECOND);
        assertThat(requests).hasSize(1);
        runUntil(dispatcher, now + 1_100 * MS);
        requests.get(0).answer.complete(ok()); // Answered after 1.1 s.
        String[] kinds = {"Bravo", "Charlie", "Delta", "Echo"};
        for (String logger : kinds) {
            offer("com.acme." + logger);
        }
        dispatcher.stepSafely(now);
        long deadline = now + 2 * SECOND;
        dispatcher.requestStop(deadline);

        runUntil(dispatcher, now + 1_500 * MS);
        assertThat(requests).hasSize(2);
        requests.get(1).answer.complete(ok());
        runUntil(dispatcher, deadline);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body).startsWith("{\"text\":\"*Digest*").contains("4 kinds");
        for (String kind : kinds) {
            assertThat(requests.get(1).body).contains(kind);
        }
        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(5);
        assertThat(dispatcher.finished()).isTrue();
    }

    /** Health follows the webhook: rejected on 403 until a message is accepted again; dropping after a drop. */
    @Test
    void healthIsRejectedWhileTheWebhookIsAndDroppingAfterADrop() {
        Dispatcher dispatcher = dispatcher(
                settings(),
                new RetryTimings(
                        RetryTimings.GOOGLE.initialBackoff(), RetryTimings.GOOGLE.maxBackoff(), Duration.ofSeconds(10)),
                SpaceQuota.unshared(1, () -> 0.5));
        assertThat(dispatcher.health().status()).as("nothing sent yet").isEqualTo(ChannelHealth.Status.UP);
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);
        requests.get(0)
                .answer
                .complete(new WebhookResponse(
                        403,
                        "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\",\"status\":\"PERMISSION_DENIED\"}}",
                        null));
        dispatcher.stepSafely(now);

        ChannelHealth rejected = dispatcher.health();
        assertThat(rejected.status()).isEqualTo(ChannelHealth.Status.REJECTED);
        assertThat(rejected.rejection())
                .contains("403", "PERMISSION_DENIED")
                .doesNotContain("token=t")
                .doesNotContain("key=k");

        runUntil(dispatcher, now + 11 * SECOND);
        offer("com.acme.Payments");
        runUntil(dispatcher, now + SECOND);
        requests.get(requests.size() - 1).answer.complete(ok());
        dispatcher.stepSafely(now);
        ChannelHealth after = dispatcher.health();
        assertThat(after.status())
                .as("accepted again, but an event was dropped a moment ago")
                .isEqualTo(ChannelHealth.Status.DROPPING);
        assertThat(after.rejection()).isNull();
        assertThat(new ChannelHealth(
                                null,
                                after.lastDropMillis(),
                                after.lastDropMillis() + ChannelHealth.DROPPING_WINDOW_MILLIS)
                        .status())
                .as("a minute later")
                .isEqualTo(ChannelHealth.Status.UP);
    }

    /**
     * Runs until {@code until}, answering every request 200: while {@code stormEnds} has not come, each of
     * {@code loggers} logs an error every {@code everyNanos}, as callers of the sender do.
     */
    private void storm(Dispatcher dispatcher, List<String> loggers, long everyNanos, long stormEnds, long until) {
        long nextEvent = now;
        while (now - until < 0) {
            if (now - stormEnds < 0 && now - nextEvent >= 0) {
                loggers.forEach(this::offerAsCaller);
                nextEvent += everyNanos;
            }
            long next = dispatcher.stepSafely(now);
            for (Request request : requests) {
                if (!request.answer.isDone()) {
                    request.answer.complete(ok());
                    next = Math.min(next, dispatcher.stepSafely(now));
                }
            }
            long step = Math.min(next, now + LoopPacing.FOLD_INTERVAL_NANOS);
            if (now - stormEnds < 0) {
                step = Math.min(step, nextEvent);
            }
            now = Math.max(now + 1, Math.min(until, step));
        }
    }

    /** When each request went, in seconds since {@code start}. */
    private List<Double> secondsSince(long start, List<Request> sent) {
        List<Double> seconds = new ArrayList<>();
        for (Request request : sent) {
            seconds.add((request.atNanos - start) / (double) SECOND);
        }
        return seconds;
    }

    private List<Request> inThreadOf(String logger) {
        String simpleName = logger.substring(logger.lastIndexOf('.') + 1);
        List<Request> inThread = new ArrayList<>();
        for (Request request : requests) {
            if (request.body.contains(" in " + simpleName)) {
                inThread.add(request);
            }
        }
        return inThread;
    }

    @Test
    void aThreadsMessagesComeFurtherApartWhileItsErrorsGoOn() {
        long start = now;
        Dispatcher dispatcher = dispatcher();

        storm(dispatcher, List.of("com.acme.Orders"), 100 * MS, start + 200 * SECOND, start + 200 * SECOND);

        List<Double> at = secondsSince(start, requests);
        assertThat(at).as("the first at once, then 10, 30 and 90 s apart").hasSize(4);
        assertThat(at.get(0)).isLessThan(1.5);
        assertThat(at.get(1) - at.get(0)).as("the first update").isBetween(10.0, 15.0);
        assertThat(at.get(2) - at.get(1)).isBetween(30.0, 31.5);
        assertThat(at.get(3) - at.get(2)).isBetween(90.0, 91.5);
        assertThat(requests.get(0).body).doesNotContain("again");
        assertThat(requests.subList(1, 4))
                .allSatisfy(update -> assertThat(update.body).contains("again"));
        DeliveryStats stats = counters.snapshot();
        assertThat(stats.getEventsAccepted()).isEqualTo(2000);
        assertThat(stats.getEventsDelivered() + stats.getEventsPending()).isEqualTo(2000);
        assertThat(stats.getEventsDropped()).isZero();
    }

    @Test
    void anUpdateIntervalOfZeroSendsAsFastAsTheQuotaAllows() {
        long start = now;
        Dispatcher dispatcher = dispatcher(settings().updateInterval("0"), SpaceQuota.unshared(1, () -> 0.5));

        storm(dispatcher, List.of("com.acme.Orders"), 100 * MS, start + 60 * SECOND, start + 60 * SECOND);

        // Five at the configured rate, then one per slot of the wall clock's grid (1.25 s): 51 in a minute.
        assertThat(requests).as("about one per slot").hasSizeGreaterThan(45);
    }

    /** The case: 5 kinds stop together; each thread's last word is its note, with the exact total. */
    @Test
    void kindsThatStopTogetherEachGetOneResolvedNoteCarryingTheExactTotal() {
        long start = now;
        Dispatcher dispatcher =
                dispatcher(settings().resolvedAfter(Duration.ofSeconds(5)), SpaceQuota.unshared(1, () -> 0.5));
        List<String> kinds =
                List.of("com.acme.Kind0", "com.acme.Kind1", "com.acme.Kind2", "com.acme.Kind3", "com.acme.Kind4");

        storm(dispatcher, kinds, 100 * MS, start + 20 * SECOND, start + 60 * SECOND);

        long lastEvent = start + 20 * SECOND - 100 * MS;
        for (String kind : kinds) {
            List<Request> thread = inThreadOf(kind);
            List<Request> afterTheStorm = new ArrayList<>();
            for (Request request : thread) {
                if (request.atNanos - lastEvent > 0) {
                    afterTheStorm.add(request);
                }
            }
            assertThat(afterTheStorm)
                    .as("%s: one message once quiet, its note", kind)
                    .hasSize(1);
            Request note = afterTheStorm.get(0);
            assertThat(note.body).containsIgnoringCase("resolved").contains("200 events");
            assertThat(note.atNanos - lastEvent)
                    .as("within 11 s of the last event")
                    .isLessThan(11 * SECOND);
        }
        DeliveryStats stats = counters.snapshot();
        assertThat(stats.getEventsAccepted()).isEqualTo(1000);
        assertThat(stats.getEventsDelivered()).as("a note is no event").isEqualTo(1000);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(stats.getMessagesSent()).isEqualTo(requests.size());

        offerAsCaller("com.acme.Kind0");
        runUntil(dispatcher, now + 2 * SECOND);
        Request again = requests.get(requests.size() - 1);
        assertThat(again.body)
                .as("after its note, a kind is new again: full detail")
                .contains("Kind0")
                .doesNotContain("again")
                .containsIgnoringCase("IllegalStateException: down");
    }

    /** A slot every 10 s: when it opens, a kind new to the space and a note are both waiting; the kind goes first. */
    @Test
    void aNewKindGoesBeforeADueNote() {
        Dispatcher dispatcher = dispatcher(
                settings().resolvedAfter(Duration.ofSeconds(5)).messagesPerSecond(0.1),
                SpaceQuota.unshared(0.1, () -> 0.5));
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);
        requests.get(0).answer.complete(ok());
        dispatcher.stepSafely(now);

        runUntil(dispatcher, now + 6 * SECOND); // The note is due now; the quota's next slot is not.
        offer("com.acme.Payments");
        runUntil(dispatcher, now + 10 * SECOND); // The next slot: one of them goes.

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body).contains("Payments");
        requests.get(1).answer.complete(ok());
        runUntil(dispatcher, now + 11 * SECOND);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).body).contains("Orders").containsIgnoringCase("resolved");
    }

    /** With {@code resolvedAfter} 5 s, the first message of com.acme.Orders sent and delivered. */
    private Dispatcher dispatcherWithAFirstMessageDelivered() {
        Dispatcher dispatcher =
                dispatcher(settings().resolvedAfter(Duration.ofSeconds(5)), SpaceQuota.unshared(1, () -> 0.5));
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);
        requests.get(0).answer.complete(ok());
        dispatcher.stepSafely(now);
        return dispatcher;
    }

    /** A first message delivered, then quiet for {@code resolvedAfter} (5 s): its note is the next request. */
    private Dispatcher dispatcherWithANoteDue() {
        Dispatcher dispatcher = dispatcherWithAFirstMessageDelivered();
        runUntil(dispatcher, now + 6 * SECOND);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body).containsIgnoringCase("resolved");
        return dispatcher;
    }

    @Test
    void aNoteAnswered429IsSentAgainAndCountsNoEvent() {
        Dispatcher dispatcher = dispatcherWithANoteDue();

        requests.get(1).answer.complete(tooManyRequests());
        runUntil(dispatcher, now + 10 * SECOND);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).body).containsIgnoringCase("resolved").contains("1 event in all");
        requests.get(2).answer.complete(ok());
        dispatcher.stepSafely(now);

        DeliveryStats stats = counters.snapshot();
        assertThat(stats.getEventsAccepted()).isEqualTo(1);
        assertThat(stats.getEventsDelivered()).isEqualTo(1);
        assertThat(stats.getEventsPending()).isZero();
    }

    /** The thread came back while its note waited for a retry: the note would say something false; an update goes. */
    @Test
    void aNoteWaitingForItsRetryGivesWayToAnUpdateWhenItsThreadComesBack() {
        Dispatcher dispatcher = dispatcherWithANoteDue();

        requests.get(1).answer.complete(new WebhookResponse(503, "{}", null));
        dispatcher.stepSafely(now);
        offer("com.acme.Orders");
        runUntil(dispatcher, now + 30 * SECOND);

        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).body).doesNotContainIgnoringCase("resolved").contains("again");
        requests.get(2).answer.complete(ok());
        dispatcher.stepSafely(now);
        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(2);
    }

    /** At stop the time left goes to the events: the held update is flushed, and no note is sent. */
    @Test
    void atStopTheHeldUpdateGoesAndNoNote() {
        Dispatcher dispatcher = dispatcherWithAFirstMessageDelivered();
        offer("com.acme.Orders");
        runUntil(dispatcher, now + 3 * SECOND);
        assertThat(requests).as("held for the thread's next update").hasSize(1);

        dispatcher.requestStop(now + 10 * SECOND);
        runUntil(dispatcher, now + 2 * SECOND);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body).contains("again").doesNotContainIgnoringCase("resolved");
        requests.get(1).answer.complete(ok());
        dispatcher.stepSafely(now);
        assertThat(dispatcher.finished()).isTrue();
        assertThat(counters.snapshot().getEventsDelivered()).isEqualTo(2);
    }

    /**
     * Another replica opened the incident: this one's first message is an update at the slowest pace, a
     * whole {@code updateInterval} (5 min) after the other's first message, without stack trace or
     * mentions, and names its host.
     */
    @Test
    void withAFleetStoreAReplicaThatJoinedAnIncidentPostsAPacedFollowUpNamingItsHost() {
        FakeFleetStore store = new FakeFleetStore();
        store.opens = false;
        fleetStore = store;
        Dispatcher dispatcher = dispatcher(settings().resolvedAfter(Duration.ZERO), SpaceQuota.unshared(1, () -> 0.5));
        long start = now;
        offer("com.acme.Orders");
        runUntil(dispatcher, start + 299 * SECOND);
        assertThat(requests).as("held for the thread's next update").isEmpty();

        runUntil(dispatcher, start + 301 * SECOND);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).body)
                .contains("again on host host")
                .doesNotContain("```")
                .doesNotContainIgnoringCase("IllegalStateException: down");
        assertThat(store.calls).first().asString().startsWith("touch ");
    }

    @Test
    void withAFleetStoreTheReplicaThatOpenedAnIncidentPostsTheFullFirstMessage() {
        fleetStore = new FakeFleetStore();
        Dispatcher dispatcher = dispatcher();
        offer("com.acme.Orders");
        runUntil(dispatcher, now + SECOND);

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).body).contains("```").doesNotContain("again");
    }

    /** The fleet's permit, taken at the moment of sending, holds a message back for as long as it says. */
    @Test
    void withAFleetStoreTheFleetsPermitHoldsAMessageBack() {
        FakeFleetStore store = new FakeFleetStore();
        store.permitWaitNanos = 3 * SECOND;
        fleetStore = store;
        Dispatcher dispatcher = dispatcher();
        long start = now;
        offer("com.acme.Orders");
        runUntil(dispatcher, start + 2 * SECOND);
        assertThat(requests).isEmpty();

        store.permitWaitNanos = 0;
        runUntil(dispatcher, start + 5 * SECOND);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).atNanos - start).isGreaterThanOrEqualTo(2 * SECOND);
        // Asked again when the store said, not at every fold of the loop: the wait was 3 s.
        assertThat(store.calls).filteredOn("permit"::equals).hasSizeBetween(2, 3);
    }

    /** Quiet here while the fleet is not, or another replica claimed it: no note from this one. */
    @Test
    void withAFleetStoreANoteGoesOnlyWhenTheFleetGivesItToThisReplica() {
        FakeFleetStore store = new FakeFleetStore();
        store.claims = -1;
        fleetStore = store;
        long start = now;
        Dispatcher dispatcher =
                dispatcher(settings().resolvedAfter(Duration.ofSeconds(5)), SpaceQuota.unshared(1, () -> 0.5));
        storm(dispatcher, List.of("com.acme.Orders"), 100 * MS, start + 3 * SECOND, start + 30 * SECOND);

        assertThat(store.calls).anySatisfy(call -> assertThat(call).startsWith("claim "));
        assertThat(requests).noneSatisfy(request -> assertThat(request.body).containsIgnoringCase("resolved"));
        DeliveryStats stats = counters.snapshot();
        assertThat(stats.getEventsDelivered() + stats.getEventsPending()).isEqualTo(stats.getEventsAccepted());

        store.claims = 0;
        offerAsCaller("com.acme.Orders");
        storm(dispatcher, List.of(), SECOND, now, now + 30 * SECOND);
        assertThat(requests.get(requests.size() - 1).body).containsIgnoringCase("resolved");
    }

    /**
     * A store that fails is reported once, with its address masked, and the dispatcher goes on as without
     * one: its own first message, in full. When the store answers again, that is reported once too.
     */
    @Test
    void withAFleetStoreThatFailsTheSenderGoesOnAsWithoutOneAndSaysSoOnce() {
        FakeFleetStore store = new FakeFleetStore();
        store.opens = false;
        store.failure = new FleetStoreException("redis://****@store.internal:6379 did not answer within 500 ms");
        fleetStore = store;
        Dispatcher dispatcher = dispatcher(settings().resolvedAfter(Duration.ZERO), SpaceQuota.unshared(1, () -> 0.5));
        offer("com.acme.Orders");
        offer("com.acme.Billing");
        storm(dispatcher, List.of(), SECOND, now, now + 3 * SECOND);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).body).contains("```");
        assertThat(status.lines)
                .filteredOn(line -> line.contains("fleet store"))
                .singleElement()
                .asString()
                .startsWith("WARN")
                .contains("redis://****@store.internal:6379")
                .contains("goes on without it");

        store.failure = null;
        storm(dispatcher, List.of(), SECOND, now, now + FleetLink.RETRY_NANOS);
        offer("com.acme.Shipping");
        storm(dispatcher, List.of(), SECOND, now, now + 302 * SECOND);
        assertThat(status.lines)
                .filteredOn(line -> line.contains("fleet store"))
                .hasSize(2)
                .last()
                .asString()
                .startsWith("INFO")
                .contains("answers again");
        assertThat(requests.get(requests.size() - 1).body).contains("again on host host");
    }
}
