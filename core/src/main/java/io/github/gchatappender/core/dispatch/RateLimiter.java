package io.github.gchatappender.core.dispatch;

/**
 * Spaces sends out evenly: at most one message per {@code 1 / messagesPerSecond} seconds, without
 * bursts, because Google Chat counts its quota per second (1 message per second per space).
 * Waiting happens on the dispatcher, which asks {@link #nextPermitNanos(long)} and sleeps on its queue
 * until then; the caller's thread never waits here. Dispatcher thread only.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private long nextPermitNanos;
    private boolean used;

    public RateLimiter(double messagesPerSecond) {
        this.intervalNanos = (long) Math.ceil(1_000_000_000d / messagesPerSecond);
    }

    /** The earliest time (on the dispatcher's ticker) at which the next message may go. */
    public long nextPermitNanos(long now) {
        return used ? nextPermitNanos : now;
    }

    /** Records a message sent at {@code now}. */
    public void acquire(long now) {
        long start = used && nextPermitNanos - now > 0 ? nextPermitNanos : now;
        nextPermitNanos = start + intervalNanos;
        used = true;
    }
}
