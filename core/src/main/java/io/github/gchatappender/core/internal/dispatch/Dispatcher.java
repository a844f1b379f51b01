package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.SafeCut;
import io.github.gchatappender.core.internal.render.MessageRenderer;
import io.github.gchatappender.core.internal.render.RenderOptions;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.stats.HealthTracker;
import io.github.gchatappender.core.internal.status.StatusThrottle;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import io.github.gchatappender.core.report.ChannelHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * The appender's one worker thread. It takes events from the queue and the repeats counted on the
 * callers' side, folds them into one open batch per Chat thread ({@link OpenBatches}), and sends one
 * message at a time, no faster than the space's quota allows ({@link SpaceQuota}); what an answer
 * means is the {@link OutcomePolicy}'s.
 *
 * <p>The loop never blocks but on its queue: a request is started and its answer awaited while new
 * events keep arriving and folding, so a slow webhook fills no queue.
 * <p><b>Under load</b> events of a group keep folding into its open batch, so a storm costs one
 * message per group per window, not one per event, and fewer when the quota is short: the batches
 * that do not fit in the next {@value #DIGEST_HORIZON_SECONDS} s at the learned rate go out as one
 * digest.
 * <p><b>When other replicas share the space</b> a 429 costs nothing: the message goes back among the
 * open batches, gathers its thread's new events, and goes when the quota allows, as a digest if it no
 * longer fits alone. Only real failures (5xx, network) count against {@code maxRetries}.
 * <p><b>On failure</b> an unexpected exception costs the message at hand, never the loop; if the loop
 * ends anyway (an {@link Error}), it first makes the sender refuse new events, then counts
 * everything it held as dropped.
 * <p><b>On stop</b> open batches are sent at once, at the configured rate but without waiting for a
 * learned slot, most important first and the rest in a final digest, planned at the rate learned
 * from the space and the time the webhook takes to answer, until {@code shutdownTimeout} runs out;
 * whatever is left then is counted as dropped.
 * <p><b>The counts</b> ({@link DeliveryCounters}): the loop counts every event it takes in, from the
 * queue or from a repeat counter, and every one it delivers or drops, so that what it holds is
 * exactly what the counts show pending.
 */
public final class Dispatcher implements Runnable {

    /** Longest idle sleep, so that periodic reports (queue full) are never late by more than this. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a busy loop takes in new events when the queue does not fill faster. */
    static final long FOLD_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Longest exception message put into a status line. */
    private static final int MAX_DESCRIBED_CHARS = 300;
    /** More ready batches than the quota lets through in this time make a digest. */
    static final int DIGEST_HORIZON_SECONDS = 5;

    private static final long DIGEST_HORIZON_NANOS = TimeUnit.SECONDS.toNanos(DIGEST_HORIZON_SECONDS);
    /** Pause after an unexpected failure, so that a failure that repeats cannot spin the loop. */
    private static final long RECOVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often repeat counters that no batch adopted are looked for (see {@link RepeatCounters#sweep}). */
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the last drain waits for a queue slot claimed and not yet written, when stop's deadline has passed. */
    private static final long LAST_DRAIN_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final EventQueue<AlertEvent> queue;
    private final RepeatCounters repeats;
    private final DispatchSettings settings;
    private final WebhookTransport transport;
    private final DeliveryCounters counters;
    private final StatusThrottle status;
    private final Ticker ticker;
    private final Runnable onExit;
    private final ThreadKeys threadKeys;
    private final SpaceQuota quota;
    private final String digestKey;
    private final MessageRenderer renderer;
    private final OpenBatches batches;
    private final OutcomePolicy policy;
    private final HealthTracker health = new HealthTracker();
    private final long batchWindowNanos;
    /** Events taken from the queue and not yet folded; folded ones are set to null. Empty between steps. */
    private final List<AlertEvent> drained = new ArrayList<>();

    /** The message being delivered, across its retries; null when none. */
    private Delivery current;

    private long queueFullReported;
    private long unreadableReported;
    private long givenUpReported;
    private long holesCounted;
    private long lastSweepNanos;
    /** How long the last answer took; the stop plan counts it for each message. Until one came: half an interval. */
    private long answerNanos = -1;

    private boolean interrupted;
    /** The last step found every batch waiting for the space's quota, and nothing else to do. */
    private boolean waitingForQuota;

    private volatile boolean stopRequested;
    private volatile long stopDeadlineNanos;

    /**
     * @param repeats  the repeats the callers count for the kinds this dispatcher holds
     * @param hostName the host to show in alerts; read at each render, so it may be filled in later
     * @param onExit   run first when the loop ends, to make the sender refuse new events
     * @param quota    the space's quota; shared by every appender of this JVM posting to the same space
     * @param jitter   the backoff's jitter (see {@link Backoff}); seeded in simulations, so that a run repeats
     */
    public Dispatcher(
            EventQueue<AlertEvent> queue,
            RepeatCounters repeats,
            DispatchSettings settings,
            WebhookTransport transport,
            DeliveryCounters counters,
            StatusThrottle status,
            Ticker ticker,
            Supplier<String> hostName,
            Runnable onExit,
            SpaceQuota quota,
            LongUnaryOperator jitter) {
        this.queue = queue;
        this.repeats = repeats;
        this.settings = settings;
        this.transport = transport;
        this.counters = counters;
        this.status = status;
        this.ticker = ticker;
        this.onExit = onExit;
        this.threadKeys = new ThreadKeys(settings.applicationName(), settings.environment());
        this.quota = quota;
        this.digestKey = threadKeys.digestKey();
        this.renderer = new MessageRenderer(RenderOptions.of(settings.rendering(), hostName));
        this.batchWindowNanos = settings.batchWindow().toNanos();
        this.batches = new OpenBatches(repeats, batchWindowNanos);
        this.lastSweepNanos = ticker.nanoTime();
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), jitter);
        this.policy = new OutcomePolicy(settings, counters, health, backoff, this::report);
    }

    /** Asks the loop to send what it holds until {@code deadlineNanos}, then end. */
    public void requestStop(long deadlineNanos) {
        this.stopDeadlineNanos = deadlineNanos;
        this.stopRequested = true;
        wakeUp();
    }

    /** Whether alerts are getting through; any thread. */
    public ChannelHealth health() {
        return health.snapshot(System.currentTimeMillis());
    }

    /** Wakes the loop if it waits. */
    public void wakeUp() {
        queue.wake();
    }

    @Override
    public void run() {
        try {
            while (!finished()) {
                long now = ticker.nanoTime();
                long next = stepSafely(now);
                if (next - now > 0) {
                    awaitEvents(next - now);
                }
            }
        } catch (Error e) {
            report(
                    "dispatcher",
                    Severity.ERROR,
                    "The Google Chat dispatcher stopped: " + describe(e)
                            + "; the appender accepts no more events, and those it held are counted as dropped");
        } finally {
            onExit.run();
            abandonRemaining();
            quota.leave(settings.messagesPerSecond());
        }
    }

    /** True once the loop has nothing left to do: stopped and empty, past the deadline, or interrupted. */
    boolean finished() {
        if (interrupted) {
            return true;
        }
        if (!stopRequested) {
            return false;
        }
        boolean empty = current == null && batches.isEmpty() && queue.isEmpty();
        return empty || ticker.nanoTime() - stopDeadlineNanos >= 0;
    }

    /** One {@link #step}; an unexpected failure costs the message at hand, which is counted. */
    long stepSafely(long now) {
        try {
            return step(now);
        } catch (RuntimeException e) {
            return recover(e, now);
        }
    }

    /** Does at most one thing towards delivery; returns the time at which there may be more to do. */
    private long step(long now) {
        // Read before draining: every event offered before stop() is then already in the queue, so
        // a batch flushed for stopping holds all of its group's events, never a part of them.
        boolean stopping = stopRequested;
        waitingForQuota = false;
        foldQueuedEvents(now);
        batches.harvestRepeats();
        sweepUnadoptedCounters(now);
        reportDropsOnTheCallersSide();
        health.droppedSoFar(counters.droppedSoFar(), System.currentTimeMillis());
        if (current != null && current.answer != null) {
            if (!current.answer.isDone()) {
                return now + IDLE_NANOS; // The answer's completion wakes the loop.
            }
            settle(current, now);
            return now;
        }
        if (current != null) {
            // A message waiting for its retry after a real failure; its group's new events join it first.
            long gate = later(current.retryAtNanos, quota.nextPermitNanos(now, stopping));
            if (gate - now > 0) {
                return gate;
            }
            absorbNewEvents(current);
            return send(current, now, stopping);
        }
        if (batches.isEmpty()) {
            return now + IDLE_NANOS;
        }
        boolean coolingDown = policy.coolingDown(now);
        if (!coolingDown) {
            long gate = quota.nextPermitNanos(now, stopping);
            if (gate - now > 0) {
                // Batches keep folding while the quota says wait, and none is looked at before it opens.
                waitingForQuota = true;
                return gate;
            }
        }
        List<AlertBatch> ready = batches.ready(now, stopping);
        if (ready.isEmpty()) {
            return batches.nextReadyNanos(now + IDLE_NANOS);
        }
        if (coolingDown) {
            long dropped = 0;
            for (AlertBatch batch : ready) {
                dropped += batches.remove(batch).count();
            }
            policy.droppedDuringCooldown(dropped);
            return now;
        }
        int fits = stopping ? messagesBeforeDeadline(now) : messagesWithin(DIGEST_HORIZON_NANOS, now);
        current = batches.take(ready, fits, stopping, renderer::hasThread);
        // Rendered after current is set: if rendering fails, recover() counts these events.
        current.body =
                current.isDigest() ? renderer.renderDigest(current.batches, digestKey) : renderer.render(current.batch);
        return send(current, now, stopping);
    }

    private void absorbNewEvents(Delivery delivery) {
        if (delivery.batch != null) {
            AlertBatch newer = batches.takeNewer(delivery.batch);
            if (newer != null) {
                delivery.batch.absorb(newer);
                delivery.body = renderer.render(delivery.batch);
            }
        }
    }

    /** How many messages the quota lets through in {@code horizon}: more ready batches than that make a digest. */
    private int messagesWithin(long horizonNanos, long now) {
        return (int) Math.max(1, horizonNanos / quota.intervalNanos(now));
    }

    /**
     * How many messages can still be sent and answered before the stop deadline: the next one goes
     * an interval (at the learned rate) after the previous one's answer, and each answer takes as
     * long as the last one did.
     */
    private int messagesBeforeDeadline(long now) {
        long interval = quota.intervalNanos(now);
        long answer = answerNanos < 0 ? interval / 2 : answerNanos;
        long left = stopDeadlineNanos - now - answer;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, 1 + left / (interval + answer)));
    }

    /** An unexpected failure costs the message at hand, which is counted; the loop goes on. */
    private long recover(RuntimeException failure, long now) {
        String lost = "";
        if (current != null) {
            if (current.answer != null) {
                current.answer.cancel(true);
            }
            release(current, now);
            if (!current.counted) {
                counters.dropped(current.count());
                lost = "; " + current.events() + " dropped";
            }
            current = null;
        }
        report(
                "internal " + failure.getClass().getName(),
                Severity.ERROR,
                "Unexpected failure in the Google Chat dispatcher: " + describe(failure) + lost);
        return now + RECOVERY_NANOS;
    }

    /**
     * Sends {@code delivery} if the space's quota gives a permit at this moment. Taken here, not at
     * the top of the step: folding a storm and rendering a digest take a while, and another sender
     * of the space may have taken the permit meanwhile.
     */
    private long send(Delivery delivery, long now, boolean stopping) {
        long sendingAt = ticker.nanoTime();
        long wait = quota.tryAcquire(sendingAt, stopping);
        if (wait > 0) {
            if (delivery.failures == 0) {
                batches.putBack(delivery); // Not tried yet: it competes with the others again.
                current = null;
            }
            return sendingAt + wait;
        }
        delivery.onItsWay = true;
        delivery.sentAtNanos = sendingAt;
        try {
            delivery.answer = transport.post(delivery.body, requestTimeout(now));
        } catch (RuntimeException e) {
            delivery.answer = CompletableFuture.failedFuture(e);
        }
        delivery.answer.whenComplete((response, error) -> wakeUp());
        return now;
    }

    /** Tells the space's quota that the attempt is over, once: answered, failed or abandoned. */
    private void release(Delivery delivery, long now) {
        if (delivery.onItsWay) {
            delivery.onItsWay = false;
            quota.answered(now);
        }
    }

    /** Applies the policy's verdict on the answer that has come. */
    private void settle(Delivery delivery, long now) {
        if (delivery.onItsWay) {
            answerNanos = Math.max(0, now - delivery.sentAtNanos);
        }
        release(delivery, now);
        OutcomePolicy.Verdict verdict;
        try {
            verdict = policy.judge(delivery, now);
        } finally {
            delivery.answer = null;
        }
        switch (verdict) {
            case DELIVERED:
                quota.accepted(now);
                if (delivery.batch != null) {
                    renderer.delivered(delivery.batch);
                }
                current = null;
                break;
            case THROTTLED:
                quota.throttled(now, policy.throttledPauseNanos());
                policy.reportThrottled(delivery, quota.messagesPerSecond(now), quota.nextPermitNanos(now) - now);
                batches.putBack(delivery);
                current = null;
                break;
            case RETRY:
                break;
            default:
                current = null;
        }
    }

    private Duration requestTimeout(long now) {
        Duration timeout = settings.requestTimeout();
        if (stopRequested) {
            long left = Math.max(TimeUnit.MILLISECONDS.toNanos(1), stopDeadlineNanos - now);
            if (left < timeout.toNanos()) {
                return Duration.ofNanos(left);
            }
        }
        return timeout;
    }

    /**
     * Takes the queued events and folds them. One that fails to fold costs itself only; if draining
     * or folding ends in an {@link Error}, the events not folded yet, the one at hand included, are
     * counted as dropped, and none stays behind for the next pass.
     */
    private void foldQueuedEvents(long now) {
        try {
            queue.drainTo(drained);
            countHoles();
            for (int i = 0; i < drained.size(); i++) {
                foldOrDrop(drained.get(i), now);
                drained.set(i, null); // Folded or counted: the finally below must not count it again.
            }
        } finally {
            long left = 0;
            for (AlertEvent event : drained) {
                left += event == null ? 0 : 1;
            }
            counters.dropped(left);
            drained.clear();
        }
    }

    private void foldOrDrop(AlertEvent event, long now) {
        try {
            fold(event, now);
        } catch (RuntimeException e) {
            counters.dropped(1);
            report(
                    "internal " + e.getClass().getName(),
                    Severity.ERROR,
                    "Unexpected failure in the Google Chat dispatcher: " + describe(e) + "; 1 event dropped");
        }
    }

    private void fold(AlertEvent event, long now) {
        String key = threadKeys.keyFor(event);
        if (!batches.fold(event, key, now, current == null ? 0 : current.batches.size())) {
            batches.refuse(event);
            report(
                    "too many groups",
                    Severity.WARN,
                    "More than " + OpenBatches.MAX_OPEN_BATCHES
                            + " kinds of error are waiting to be sent; an event of a new kind was dropped");
            counters.dropped(1); // Last: if anything before throws, the event is counted by the caller.
        }
    }

    /** Queue slots given up because their producer never wrote them: those events are lost, and said so. */
    private void countHoles() {
        long holes = queue.holes();
        if (holes > holesCounted) {
            counters.dropped(holes - holesCounted); // Counted as queued when their place was claimed.
            report(
                    "queue hole",
                    Severity.WARN,
                    (holes - holesCounted) + (holes - holesCounted == 1 ? " event was" : " events were")
                            + " lost: a thread stopped between claiming a place in the queue and writing its event there"
                            + " (a StackOverflowError, say)");
            holesCounted = holes;
        }
    }

    /** Only with the queue empty: an unadopted counter's event may still wait there (behind a hole, say). */
    private void sweepUnadoptedCounters(long now) {
        if (now - lastSweepNanos >= SWEEP_NANOS && queue.isEmpty()) {
            lastSweepNanos = now;
            repeats.sweep();
        }
    }

    /**
     * Sleeps until {@code nanos} from now or until there is something to do. With nothing held, the
     * first event wakes the loop. With batches open or a message in flight, the loop wakes on its own
     * every {@link #FOLD_INTERVAL_NANOS} and when the queue is half full. Producers then make no
     * system call per event, and a new kind of error waits at most that long to open its batch.
     * While every batch waits for the space's quota, nothing is due before it opens: the loop sleeps
     * until one batch window before it (a second at most, for the periodic reports), and folds every
     * fold interval from then on, so that a new kind that came meanwhile is ready at the slot. A
     * replica whose learned slots are minutes apart then does not wake twenty times a second to look
     * at a thousand batches.
     */
    private void awaitEvents(long nanos) {
        queue.await(sleepNanos(nanos), wakeThreshold());
        if (Thread.interrupted()) {
            // stop() interrupts only a loop that overran its deadline; a stray interrupt is ignored.
            interrupted = stopRequested;
        }
    }

    /** How long the loop sleeps when its last step asked to be called again in {@code nanos}; see {@link #awaitEvents}. */
    long sleepNanos(long nanos) {
        long wait = Math.min(nanos, IDLE_NANOS);
        if (current != null || !batches.isEmpty()) {
            long beforeLastWindow = nanos - batchWindowNanos;
            wait = Math.min(
                    wait,
                    waitingForQuota && beforeLastWindow > FOLD_INTERVAL_NANOS ? beforeLastWindow : FOLD_INTERVAL_NANOS);
        }
        if (stopRequested) {
            wait = Math.min(wait, Math.max(0, stopDeadlineNanos - ticker.nanoTime()));
        }
        return wait;
    }

    /** How many queued events wake the sleeping loop; see {@link #awaitEvents}. */
    int wakeThreshold() {
        return current == null && batches.isEmpty() ? 1 : queue.capacity() / 2;
    }

    /** Drops counted on the callers' threads are reported here, off those threads. */
    private void reportDropsOnTheCallersSide() {
        queueFullReported = reportSince(
                "queue full",
                counters.droppedQueueFull(),
                queueFullReported,
                " events dropped because the queue was full (queueSize=" + settings.queueSize()
                        + "); the webhook is slower than the errors arrive");
        givenUpReported = reportSince(
                "repeats given up",
                counters.repeatsGivenUp(),
                givenUpReported,
                " repeated events dropped: the first event of their kind never reached the dispatcher"
                        + " (queue full, too many kinds open, or its thread ended while logging it)");
        unreadableReported = reportSince(
                "unreadable",
                counters.droppedUnreadable(),
                unreadableReported,
                " events dropped because they could not be read (their message or arguments failed)");
    }

    /** Reports the drops counted since {@code reported}, if any, with {@code why}; returns the new count reported. */
    private long reportSince(String kind, long count, long reported, String why) {
        if (count > reported) {
            report(kind, Severity.WARN, (count - reported) + why);
        }
        return Math.max(count, reported);
    }

    /** Counts as dropped everything still held; runs last on the dispatcher thread. */
    void abandonRemaining() {
        long now = ticker.nanoTime();
        // Abandon the request: its answer would count nothing now. One that came in time still counts.
        if (current != null && current.answer != null && !current.answer.cancel(true)) {
            try {
                settle(current, now);
            } catch (RuntimeException e) {
                // Counted below with the rest: the queue must be closed whatever happens here.
            }
        }
        long lost = 0;
        if (current != null) {
            release(current, now);
            lost += current.counted ? 0 : current.count();
            current = null;
        }
        // The queue first: a caller that opens a counter after this finds the queue closed and gives
        // the counter up itself; one whose event got in has its counter closed by closeAll().
        long patience = Math.max(LAST_DRAIN_PATIENCE_NANOS, stopDeadlineNanos - now);
        lost += queue.closeAndDrain(drained, stopRequested ? patience : LAST_DRAIN_PATIENCE_NANOS);
        drained.clear();
        countHoles();
        lost += batches.clear();
        counters.dropped(lost);
        // Before closeAll(): the repeats it gives up are in the shutdown line, not given up in a storm.
        reportDropsOnTheCallersSide();
        lost += repeats.closeAll(); // Counted as turned away.
        if (lost > 0) {
            report(
                    "shutdown",
                    Severity.WARN,
                    lost + (lost == 1 ? " event was" : " events were")
                            + " not delivered to Google Chat before shutdownTimeout ("
                            + settings.shutdownTimeout().toMillis()
                            + " ms) ran out");
        }
    }

    private void report(String kind, Severity severity, String message) {
        status.report(kind, severity, mask(message));
    }

    private String describe(Throwable e) {
        return describe(e, this::mask);
    }

    /** The exception's class and message, masked first and then cut: the JDK may quote what a server sent. */
    static String describe(Throwable e, Function<String, String> mask) {
        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        String masked = mask.apply(message);
        return e.getClass().getSimpleName() + ": "
                + (masked.length() > MAX_DESCRIBED_CHARS ? SafeCut.head(masked, MAX_DESCRIBED_CHARS) + "..." : masked);
    }

    private String mask(String text) {
        return settings.webhookUrl().mask(text);
    }

    private static long later(long a, long b) {
        return a - b > 0 ? a : b;
    }
}
