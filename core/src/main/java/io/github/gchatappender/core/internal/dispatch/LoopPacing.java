package io.github.gchatappender.core.internal.dispatch;

import java.util.concurrent.TimeUnit;

/**
 * When the dispatcher's loop sleeps and what wakes it. With nothing held, the first event wakes the
 * loop. With batches open or a message in flight, the loop wakes on its own every
 * {@link #FOLD_INTERVAL_NANOS} and when the queue is half full: producers then make no system call per
 * event, and a new kind of error waits at most that long to open its batch.
 *
 * <p>Under load the half-full queue wakes the loop before it overflows. While every batch waits for
 * the space's quota, nothing is due before it opens: the loop sleeps until one batch window before it
 * (a second at most, for the periodic reports), and folds every fold interval from then on, so that a
 * new kind that came meanwhile is ready at the slot. A replica whose learned slots are minutes apart
 * then does not wake twenty times a second to look at a thousand batches. When stopping, no sleep
 * outlasts the deadline. Dispatcher thread only.
 */
final class LoopPacing {

    /** Longest idle sleep, so that periodic reports (queue full) are never late by more than this. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a busy loop takes in new events when the queue does not fill faster. */
    static final long FOLD_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long batchWindowNanos;
    private final int queueCapacity;
    private final StopPlan stop;

    LoopPacing(long batchWindowNanos, int queueCapacity, StopPlan stop) {
        this.batchWindowNanos = batchWindowNanos;
        this.queueCapacity = queueCapacity;
        this.stop = stop;
    }

    /**
     * How long the loop sleeps when its last step asked to be called again in {@code nanos}.
     *
     * @param holding         whether batches are open or a message is on its way
     * @param waitingForQuota whether the last step found every batch waiting for the space's quota
     */
    long sleepNanos(long nanos, boolean holding, boolean waitingForQuota) {
        long wait = Math.min(nanos, IDLE_NANOS);
        if (holding) {
            long beforeLastWindow = nanos - batchWindowNanos;
            wait = Math.min(
                    wait,
                    waitingForQuota && beforeLastWindow > FOLD_INTERVAL_NANOS ? beforeLastWindow : FOLD_INTERVAL_NANOS);
        }
        return stop.sleepBeforeDeadline(wait);
    }

    /** How many queued events wake the sleeping loop. */
    int wakeThreshold(boolean holding) {
        return holding ? queueCapacity / 2 : 1;
    }
}
