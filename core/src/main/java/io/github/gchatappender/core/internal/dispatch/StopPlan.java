package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The stop's deadline and what fits before it. A caller's {@code stop()} sets the deadline from any
 * thread; the dispatcher plans against it: how many messages can still go and be answered (so that the
 * rest go in one digest rather than not at all), how long a request may take, how long the loop may
 * sleep, and how long the last drain waits for a queue slot still being written.
 *
 * <p>Under load the plan counts the time the webhook's last answer took, so that a slow webhook makes
 * the final digest come sooner. On failure nothing here throws: a deadline that has passed only leaves
 * one more message, the digest, and the last drain its short patience.
 */
final class StopPlan {

    /** How long the last drain waits for a queue slot claimed and not yet written, when the deadline has passed. */
    static final long LAST_DRAIN_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Duration requestTimeout;
    private final Ticker ticker;

    // Written by the thread that stops, read by the dispatcher: the deadline first, then the flag, so
    // that whoever sees the flag sees its deadline.
    private volatile boolean requested;
    private volatile long deadlineNanos;

    /** How long the last answer took; counted for each message. Until one came: half an interval. Dispatcher thread only. */
    private long answerNanos = -1;

    StopPlan(Duration requestTimeout, Ticker ticker) {
        this.requestTimeout = requestTimeout;
        this.ticker = ticker;
    }

    /** Asks for a stop by {@code deadlineNanos}; any thread. */
    void request(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.requested = true;
    }

    boolean requested() {
        return requested;
    }

    /** True once stopping and the deadline has come, on the clock read now. */
    boolean deadlinePassed() {
        return ticker.nanoTime() - deadlineNanos >= 0;
    }

    /** An answer came for a request sent at {@code sentAtNanos}: later plans count its time. */
    void answered(long sentAtNanos, long now) {
        answerNanos = Math.max(0, now - sentAtNanos);
    }

    /**
     * How many messages can still be sent and answered before the deadline: the next one goes an
     * interval (at the learned rate) after the previous one's answer, and each answer takes as long as
     * the last one did.
     */
    int messagesBeforeDeadline(long now, long intervalNanos) {
        long answer = answerNanos < 0 ? intervalNanos / 2 : answerNanos;
        long left = deadlineNanos - now - answer;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, 1 + left / (intervalNanos + answer)));
    }

    /** The request's timeout: the setting's, or what is left before the deadline when stopping (1 ms at least). */
    Duration requestTimeout(long now) {
        Duration timeout = requestTimeout;
        if (requested) {
            long left = Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadlineNanos - now);
            if (left < timeout.toNanos()) {
                return Duration.ofNanos(left);
            }
        }
        return timeout;
    }

    /** {@code wait}, cut to what is left before the deadline when stopping. */
    long sleepBeforeDeadline(long wait) {
        if (requested) {
            return Math.min(wait, Math.max(0, deadlineNanos - ticker.nanoTime()));
        }
        return wait;
    }

    /** How long the last drain waits for a slot still being written: until the deadline, if stopping. */
    long lastDrainPatienceNanos(long now) {
        long patience = Math.max(LAST_DRAIN_PATIENCE_NANOS, deadlineNanos - now);
        return requested ? patience : LAST_DRAIN_PATIENCE_NANOS;
    }
}
