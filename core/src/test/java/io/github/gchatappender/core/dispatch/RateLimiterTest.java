package io.github.gchatappender.core.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Sends {@code n} messages as fast as the limiter allows, starting at {@code start}; returns the send times. */
    private static List<Long> sendBurst(RateLimiter limiter, long start, int n) {
        List<Long> sent = new ArrayList<>();
        long now = start;
        for (int i = 0; i < n; i++) {
            long permit = limiter.nextPermitNanos(now);
            now = Math.max(now, permit); // the dispatcher waits until the permit
            limiter.acquire(now);
            sent.add(now);
        }
        return sent;
    }

    @Test
    void firstPermitIsImmediate() {
        RateLimiter limiter = new RateLimiter(1.0);

        assertThat(limiter.nextPermitNanos(12_345L)).isEqualTo(12_345L);
        assertThat(limiter.nextPermitNanos(-5 * SECOND)).isEqualTo(-5 * SECOND);
    }

    @Test
    void oneMessagePerSecondSpacesPermitsOneSecondApart() {
        RateLimiter limiter = new RateLimiter(1.0);
        long start = 7 * SECOND;

        List<Long> sent = sendBurst(limiter, start, 5);

        assertThat(sent).containsExactly(start, start + SECOND, start + 2 * SECOND, start + 3 * SECOND, start + 4 * SECOND);
    }

    @Test
    void permitIsOneIntervalAfterTheLastSend() {
        RateLimiter limiter = new RateLimiter(1.0);
        limiter.acquire(100 * MS);

        assertThat(limiter.nextPermitNanos(100 * MS)).isEqualTo(1100 * MS);
        assertThat(limiter.nextPermitNanos(600 * MS)).isEqualTo(1100 * MS);
    }

    @Test
    void afterIdleTimeTheNextPermitIsImmediate() {
        RateLimiter limiter = new RateLimiter(1.0);
        limiter.acquire(0);
        limiter.acquire(SECOND);

        long later = 60 * SECOND;

        assertThat(limiter.nextPermitNanos(later)).isLessThanOrEqualTo(later);
        // And idle time earns no burst: the one after is a full interval later.
        limiter.acquire(later);
        assertThat(limiter.nextPermitNanos(later)).isEqualTo(later + SECOND);
    }

    @Test
    void idleTimeDoesNotAllowABurst() {
        RateLimiter limiter = new RateLimiter(1.0);
        limiter.acquire(0);

        List<Long> sent = sendBurst(limiter, 100 * SECOND, 3);

        assertThat(sent).containsExactly(100 * SECOND, 101 * SECOND, 102 * SECOND);
    }

    @Test
    void fourMessagesPerSecondGiveQuarterSecondIntervals() {
        RateLimiter limiter = new RateLimiter(4.0);

        List<Long> sent = sendBurst(limiter, 0, 9);

        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i)).isEqualTo(i * 250 * MS);
        }
    }

    @Test
    void fractionalRatesRoundTheIntervalUp() {
        RateLimiter halfPerSecond = new RateLimiter(0.5);
        halfPerSecond.acquire(0);
        assertThat(halfPerSecond.nextPermitNanos(0)).isEqualTo(2 * SECOND);

        RateLimiter threePerSecond = new RateLimiter(3.0);
        threePerSecond.acquire(0);
        // 333,333,333.33 ns rounded up: never faster than asked.
        assertThat(threePerSecond.nextPermitNanos(0)).isEqualTo(333_333_334L);
    }

    @Test
    void sendingEarlierThanThePermitStillQueuesBehindIt() {
        RateLimiter limiter = new RateLimiter(1.0);
        limiter.acquire(0);
        // A send recorded before the permit (a caller that did not wait) pushes the next one further.
        limiter.acquire(200 * MS);

        assertThat(limiter.nextPermitNanos(200 * MS)).isEqualTo(2 * SECOND);
    }

    @Test
    void worksAcrossNanoTimeOverflow() {
        RateLimiter limiter = new RateLimiter(1.0);
        long nearMax = Long.MAX_VALUE - SECOND / 2;

        limiter.acquire(nearMax);
        long permit = limiter.nextPermitNanos(nearMax);

        assertThat(permit - nearMax).isEqualTo(SECOND);
        // Still in the future, compared the overflow-safe way the dispatcher must use.
        assertThat(permit - (nearMax + 100 * MS)).isPositive();
        limiter.acquire(nearMax + 100 * MS);
        assertThat(limiter.nextPermitNanos(nearMax + 100 * MS) - nearMax).isEqualTo(2 * SECOND);
    }
}
