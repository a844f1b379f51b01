package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.stats.HealthTracker;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import io.github.gchatappender.core.report.ChannelHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * that do not fit in the next few seconds at the learned rate go out as one digest
 * ({@link NextMessage}).
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
 * <p>Its helpers: {@link Intake} takes events in, {@link OutcomePolicy} judges answers,
 * {@link StopPlan} plans the stop, {@link StatusWording} words the status lines; all are built by
 * {@link DispatcherFactory}.
 */
public final class Dispatcher implements Runnable {

    private static final long IDLE_NANOS = LoopPacing.IDLE_NANOS;
    /** Pause after an unexpected failure, so that a failure that repeats cannot spin the loop. */
    private static final long RECOVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final DispatchSettings settings;
    private final EventQueue<AlertEvent> queue;
    private final Intake intake;
    private final OpenBatches batches;
    private final OutcomePolicy policy;
    private final StopPlan stop;
    private final SpaceQuota quota;
    private final WebhookTransport transport;
    private final NextMessage nextMessage;
    private final DeliveryCounters counters;
    private final HealthTracker health;
    private final Reports reports;
    private final StatusWording wording;
    private final Ticker ticker;
    private final Runnable onExit;
    private final LoopPacing pacing;

    /** The message being delivered, across its retries; null when none. */
    private Delivery current;

    private boolean interrupted;
    /** The last step found every batch waiting for the space's quota, and nothing else to do. */
    private boolean waitingForQuota;

    /** The longest wait for the fleet's permit believed: a store's answer beyond is no reason to sleep longer. */
    static final long MAX_FLEET_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** The fleet store, or null without one. */
    private final FleetLink fleet;
    /**
     * The fleet's interval between messages: the configured one with a tenth more, so that messages that
     * take the fleet's permits a whole interval apart never arrive less than one apart.
     */
    private final long fleetIntervalNanos;
    /** Until when the fleet's permit said to wait; in the past when it did not. */
    private long fleetWaitUntil;

    /** Its parts, built by {@link DispatcherFactory}. */
    Dispatcher(DispatcherFactory parts) {
        this.settings = parts.settings;
        this.queue = parts.queue;
        this.intake = parts.intake;
        this.batches = parts.batches;
        this.policy = parts.policy;
        this.stop = parts.stop;
        this.quota = parts.quota;
        this.transport = parts.transport;
        this.nextMessage = parts.nextMessage;
        this.counters = parts.counters;
        this.health = parts.health;
        this.reports = parts.reports;
        this.wording = parts.wording;
        this.ticker = parts.ticker;
        this.onExit = parts.onExit;
        this.pacing = parts.pacing;
        this.fleet = parts.fleet;
        this.fleetIntervalNanos = (long) (1.1e9 / settings.messagesPerSecond());
    }

    /** Asks the loop to send what it holds until {@code deadlineNanos}, then end. */
    public void requestStop(long deadlineNanos) {
        stop.request(deadlineNanos);
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
            reports.report("dispatcher", Severity.ERROR, wording.dispatcherStopped(e));
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
        if (!stop.requested()) {
            return false;
        }
        boolean empty = current == null && batches.isEmpty() && queue.isEmpty(); // Notes are not sent at stop.
        return empty || stop.deadlinePassed();
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
        boolean stopping = stop.requested();
        waitingForQuota = false;
        intake.takeIn(now, current == null ? 0 : current.batches().size());
        health.droppedSoFar(counters.droppedSoFar(), System.currentTimeMillis());
        if (current != null && current.answer() != null) {
            if (!current.answer().isDone()) {
                return now + IDLE_NANOS; // The answer's completion wakes the loop.
            }
            settle(current, now);
            return now;
        }
        if (current != null) {
            // A message waiting for its retry after a real failure; its group's new events join it first.
            long gate = later(current.retryAtNanos(), permitGate(now, stopping));
            if (gate - now > 0) {
                return gate;
            }
            if (!nextMessage.absorbNewEvents(current)) {
                current = null; // A note whose thread came back: put back, to go as an update.
                return now;
            }
            return send(current, now, stopping);
        }
        if (fleet != null) {
            fleet.sync(now);
            nextMessage.adoptJoined(now);
        }
        long sendable = nextMessage.sendableAt(now, stopping, now + IDLE_NANOS);
        if (sendable - now > 0) {
            if (batches.holdsPaced(now)) {
                quota.holding(now); // Held for pacing: a storm goes on, and the slots it holds stay held.
            }
            return sendable;
        }
        boolean coolingDown = policy.coolingDown(now);
        if (!coolingDown) {
            long gate = permitGate(now, stopping);
            if (gate - now > 0) {
                // Batches keep folding while the quota says wait, and none is looked at before it opens.
                waitingForQuota = true;
                return gate;
            }
        }
        Delivery next = nextMessage.take(now, stopping, coolingDown, now + IDLE_NANOS);
        if (next == null) {
            return nextMessage.lookAgainNanos();
        }
        current = next;
        // Rendered after current is set: if rendering fails, recover() counts these events.
        nextMessage.render(current);
        return send(current, now, stopping);
    }

    /** An unexpected failure costs the message at hand, which is counted; the loop goes on. */
    private long recover(RuntimeException failure, long now) {
        long lost = -1; // None: no message at hand, or its events were counted already.
        if (current != null) {
            if (current.answer() != null) {
                current.answer().cancel(true);
            }
            release(current, now);
            if (!current.isCounted()) {
                lost = current.count();
                counters.dropped(lost);
            }
            nextMessage.givenUp(current);
            current = null;
        }
        reports.report(
                "internal " + failure.getClass().getName(),
                Severity.ERROR,
                lost < 0 ? wording.unexpectedFailure(failure) : wording.unexpectedFailure(failure, lost));
        return now + RECOVERY_NANOS;
    }

    /**
     * Sends {@code delivery} if the space's quota gives a permit at this moment. Taken here, not at
     * the top of the step: folding a storm and rendering a digest take a while, and another sender
     * of the space may have taken the permit meanwhile.
     */
    private long send(Delivery delivery, long now, boolean stopping) {
        long sendingAt = ticker.nanoTime();
        long wait;
        if (fleetUp(sendingAt)) {
            wait = quota.nextPermitNanos(sendingAt, stopping, true) - sendingAt;
            if (wait <= 0) {
                // Outside the quota's lock: a slow store holds back no other dispatcher of the JVM.
                long fleetWait = fleet.takePermit(sendingAt, fleetIntervalNanos);
                sendingAt = ticker.nanoTime(); // The store's call took its time.
                if (fleetWait > 0) {
                    fleetWaitUntil = sendingAt + Math.min(fleetWait, MAX_FLEET_WAIT_NANOS);
                    wait = fleetWaitUntil - sendingAt;
                } else {
                    wait = quota.tryAcquire(sendingAt, stopping, fleetWait == 0);
                }
            }
        } else {
            wait = quota.tryAcquire(sendingAt, stopping);
        }
        if (wait > 0) {
            if (delivery.failures() == 0) {
                batches.putBack(delivery); // Not tried yet: it competes with the others again.
                current = null;
            }
            return sendingAt + wait;
        }
        delivery.sending(sendingAt);
        CompletableFuture<WebhookResponse> answer;
        try {
            answer = transport.post(delivery.body(), stop.requestTimeout(now));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        delivery.awaiting(answer);
        answer.whenComplete((response, error) -> wakeUp());
        return now;
    }

    /** Whether the fleet store gives the permits now: there is one, and it is not left alone after a failure. */
    private boolean fleetUp(long now) {
        return fleet != null && fleet.available(now);
    }

    /**
     * When the space's quota may let the next message go: the spacing, and then the learned slots, or
     * with a fleet store the time the fleet's permit said to wait until (a hint: {@link #send} decides).
     */
    private long permitGate(long now, boolean stopping) {
        if (!fleetUp(now)) {
            return quota.nextPermitNanos(now, stopping);
        }
        return later(quota.nextPermitNanos(now, stopping, true), fleetWaitUntil);
    }

    /** Tells the space's quota that the attempt is over, once: answered, failed or abandoned. */
    private void release(Delivery delivery, long now) {
        if (delivery.release()) {
            quota.answered(now);
        }
    }

    /** Applies the policy's verdict on the answer that has come. */
    private void settle(Delivery delivery, long now) {
        if (delivery.onItsWay()) {
            stop.answered(delivery.sentAtNanos(), now);
        }
        release(delivery, now);
        OutcomePolicy.Verdict verdict;
        try {
            verdict = policy.judge(delivery, now);
        } finally {
            delivery.answerTaken();
        }
        switch (verdict) {
            case DELIVERED:
                quota.accepted(now);
                nextMessage.delivered(delivery, now);
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
                nextMessage.givenUp(delivery);
                current = null;
        }
    }

    /** Sleeps until {@code nanos} from now or until there is something to do; see {@link LoopPacing}. */
    private void awaitEvents(long nanos) {
        queue.await(sleepNanos(nanos), wakeThreshold());
        if (Thread.interrupted()) {
            // stop() interrupts only a loop that overran its deadline; a stray interrupt is ignored.
            interrupted = stop.requested();
        }
    }

    long sleepNanos(long nanos) {
        return pacing.sleepNanos(nanos, holding(), waitingForQuota);
    }

    int wakeThreshold() {
        return pacing.wakeThreshold(holding());
    }

    /**
     * A message on its way, or a batch open that will be ready soon: the loop has work coming even if no
     * event arrives. Batches held for their threads' next updates do not count: for them, the loop sleeps
     * until it is due (a second at most) and the first new event wakes it.
     */
    private boolean holding() {
        return current != null || nextMessage.holdsUnpaced(ticker.nanoTime());
    }

    /** Counts as dropped everything still held; runs last on the dispatcher thread. */
    void abandonRemaining() {
        long now = ticker.nanoTime();
        // Abandon the request: its answer would count nothing now. One that came in time still counts.
        if (current != null && current.answer() != null && !current.answer().cancel(true)) {
            try {
                settle(current, now);
            } catch (RuntimeException e) {
                // Counted below with the rest: the queue must be closed whatever happens here.
            }
        }
        long lost = 0;
        if (current != null) {
            release(current, now);
            lost += current.isCounted() ? 0 : current.count();
            current = null;
        }
        lost = intake.closeAll(lost, stop.lastDrainPatienceNanos(now));
        if (lost > 0) {
            reports.report("shutdown", Severity.WARN, wording.notDeliveredBeforeShutdown(lost));
        }
    }

    private static long later(long a, long b) {
        return a - b > 0 ? a : b;
    }
}
