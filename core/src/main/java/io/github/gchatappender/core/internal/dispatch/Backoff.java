package io.github.gchatappender.core.internal.dispatch;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Google's retry schedule: before retry {@code n} (1, 2, ...) wait {@code initial × 2^(n-1)} plus a
 * random jitter of up to {@code initial}, the whole capped at {@code max}. With the defaults
 * (1 s, 32 s): about 1, 2, 4, 8, 16, 32, 32 ... seconds. A server's {@code Retry-After} replaces the
 * formula, capped at {@value #MAX_RETRY_AFTER_SECONDS} s so that one odd header cannot silence
 * alerts for hours.
 */
public final class Backoff {

    static final long MAX_RETRY_AFTER_SECONDS = 60;

    private final long initialNanos;
    private final long maxNanos;
    private final LongUnaryOperator jitter;

    /**
     * @param jitter given a bound {@code b > 0}, returns a value in {@code [0, b)}; random in
     *               production, fixed in tests
     */
    public Backoff(Duration initial, Duration max, LongUnaryOperator jitter) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.jitter = jitter;
    }

    /** The wait before retry number {@code retry} (1-based), honouring {@code retryAfter} when not null. */
    public long delayNanos(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            // Compared as durations: a huge header value must not overflow toNanos().
            Duration cap = Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS);
            return (retryAfter.compareTo(cap) > 0 ? cap : retryAfter.isNegative() ? Duration.ZERO : retryAfter)
                    .toNanos();
        }
        long base = initialNanos;
        for (int doubling = 1; doubling < retry && base < maxNanos; doubling++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2; // Checked before doubling: no overflow.
        }
        return Math.min(maxNanos, base + jitter.applyAsLong(initialNanos));
    }
}
