package io.github.gchatappender.core.internal.dispatch;

import java.time.Duration;

/**
 * How long failures make the dispatcher wait: Google's backoff (1 s doubling up to 32 s, see
 * {@link Backoff}) and the cool-down after the webhook is rejected (401, 403, 404). Not settings: Google
 * asks for this schedule. Tests shorten it.
 */
public final class RetryTimings {

    /** Google's: 1 s, doubling to 32 s; 5 minutes without requests after a rejection. */
    public static final RetryTimings GOOGLE =
            new RetryTimings(Duration.ofSeconds(1), Duration.ofSeconds(32), Duration.ofMinutes(5));

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration rejectionCooldown;

    public RetryTimings(Duration initialBackoff, Duration maxBackoff, Duration rejectionCooldown) {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive, its maximum at least its start");
        }
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.rejectionCooldown = rejectionCooldown;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** How long a revoked webhook (401, 403, 404) gets no requests before one probe. */
    public Duration rejectionCooldown() {
        return rejectionCooldown;
    }
}
