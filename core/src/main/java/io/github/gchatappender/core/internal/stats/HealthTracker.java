package io.github.gchatappender.core.internal.stats;

import io.github.gchatappender.core.report.ChannelHealth;

/**
 * What {@link ChannelHealth} is made from: the webhook's rejection and the time of the last drop.
 * Written by the dispatcher only, read from any thread.
 */
public final class HealthTracker {

    private volatile String rejection;
    private volatile long lastDropMillis;
    private long dropsSeen;

    /** The webhook answered 401, 403 or 404; {@code reason} is masked. Dispatcher thread. */
    public void rejected(String reason) {
        rejection = reason;
    }

    /** A message was accepted: whatever rejected the webhook is over. Dispatcher thread. */
    public void accepted() {
        rejection = null;
    }

    /** Notes a drop if {@code droppedSoFar} grew since the last look. Dispatcher thread, once a step. */
    public void droppedSoFar(long droppedSoFar, long nowMillis) {
        if (droppedSoFar > dropsSeen) {
            dropsSeen = droppedSoFar;
            lastDropMillis = nowMillis;
        }
    }

    public ChannelHealth snapshot(long nowMillis) {
        return new ChannelHealth(rejection, lastDropMillis, nowMillis);
    }
}
