package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void withoutJitterDelaysDoubleUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> 0);

        List<Long> seconds = new ArrayList<>();
        for (int retry = 1; retry <= 8; retry++) {
            long nanos = backoff.delayNanos(retry, null);
            assertThat(nanos % SECOND).isZero();
            seconds.add(nanos / SECOND);
        }

        assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 32L, 32L);
    }

    @Test
    void veryHighRetryNumbersStayAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> 0);

        for (int retry : new int[] {9, 31, 32, 63, 64, 100, 1000, Integer.MAX_VALUE}) {
            assertThat(backoff.delayNanos(retry, null)).as("retry %d", retry).isEqualTo(32 * SECOND);
        }
    }

    @Test
    void retryZeroOrNegativeIsTreatedAsTheFirst() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> 0);

        assertThat(backoff.delayNanos(0, null)).isEqualTo(SECOND);
        assertThat(backoff.delayNanos(-5, null)).isEqualTo(SECOND);
    }

    @Test
    void jitterIsAddedWithTheInitialDelayAsBound() {
        AtomicLong askedBound = new AtomicLong();
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> {
            askedBound.set(bound);
            return 300_000_000L;
        });

        assertThat(backoff.delayNanos(1, null)).isEqualTo(1_300_000_000L);
        assertThat(backoff.delayNanos(3, null)).isEqualTo(4_300_000_000L);
        assertThat(askedBound.get()).isEqualTo(SECOND);
    }

    @Test
    void jitterNeverPushesTheTotalBeyondTheMaximum() {
        Backoff maxJitter = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> bound - 1);

        assertThat(maxJitter.delayNanos(5, null)).isEqualTo(17 * SECOND - 1);
        for (int retry = 6; retry <= 40; retry++) {
            assertThat(maxJitter.delayNanos(retry, null)).as("retry %d", retry).isEqualTo(32 * SECOND);
        }
    }

    @Test
    void randomJitterStaysWithinBounds() {
        Random random = new Random(3);
        Backoff backoff = new Backoff(
                Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> (long) (random.nextDouble() * bound));

        for (int i = 0; i < 2000; i++) {
            int retry = 1 + random.nextInt(12);
            long base = Math.min(32 * SECOND, SECOND << Math.min(retry - 1, 30));
            long delay = backoff.delayNanos(retry, null);

            assertThat(delay).isBetween(base, Math.min(32 * SECOND, base + SECOND));
            assertThat(delay).isLessThanOrEqualTo(32 * SECOND);
        }
    }

    @Test
    void maximumBelowInitialIsRaisedToInitial() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(2), bound -> 0);

        assertThat(backoff.delayNanos(1, null)).isEqualTo(10 * SECOND);
        assertThat(backoff.delayNanos(5, null)).isEqualTo(10 * SECOND);
    }

    @Test
    void retryAfterReplacesTheFormula() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> bound - 1);

        assertThat(backoff.delayNanos(1, Duration.ofSeconds(7))).isEqualTo(7 * SECOND);
        assertThat(backoff.delayNanos(8, Duration.ofSeconds(3))).isEqualTo(3 * SECOND);
        assertThat(backoff.delayNanos(1, Duration.ZERO)).isZero();
        // Retry-After beyond the backoff maximum is still honoured, up to 60 s.
        assertThat(backoff.delayNanos(1, Duration.ofSeconds(45))).isEqualTo(45 * SECOND);
    }

    @Test
    void retryAfterIsCappedAtSixtySeconds() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> 0);

        assertThat(backoff.delayNanos(1, Duration.ofSeconds(60))).isEqualTo(60 * SECOND);
        assertThat(backoff.delayNanos(1, Duration.ofSeconds(61))).isEqualTo(60 * SECOND);
        assertThat(backoff.delayNanos(1, Duration.ofHours(5))).isEqualTo(60 * SECOND);
        assertThat(backoff.delayNanos(1, Duration.ofDays(365 * 100))).isEqualTo(60 * SECOND);
    }

    @Test
    void delaysNeverDecreaseForRoundSettings() {
        long[][] settings = {{1, 32}, {1, 64}, {2, 600}, {5, 3600}, {9, 3600}, {10, 86_400}, {17, 7200}, {30, 600}};
        for (long[] s : settings) {
            Backoff backoff = new Backoff(Duration.ofSeconds(s[0]), Duration.ofSeconds(s[1]), bound -> 0);
            long previous = 0;
            for (int retry = 1; retry <= 40; retry++) {
                long delay = backoff.delayNanos(retry, null);
                assertThat(delay)
                        .as("initial %d s, max %d s, retry %d", s[0], s[1], retry)
                        .isGreaterThanOrEqualTo(previous)
                        .isLessThanOrEqualTo(s[1] * SECOND)
                        .isPositive();
                previous = delay;
            }
            assertThat(previous).isEqualTo(s[1] * SECOND);
        }
    }

    @Test
    void shiftOverflowDoesNotShortenTheDelay() {
        Backoff backoff = new Backoff(Duration.ofNanos((1L << 34) + 1), Duration.ofSeconds(60), bound -> 0);

        for (int retry = 3; retry <= 40; retry++) {
            assertThat(backoff.delayNanos(retry, null)).as("retry %d", retry).isEqualTo(60 * SECOND);
        }
    }

    @Test
    void aHugeRetryAfterIsCappedWithoutOverflow() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(32), bound -> 0);

        assertThat(backoff.delayNanos(1, Duration.ofSeconds(Long.MAX_VALUE)))
                .isEqualTo(Duration.ofSeconds(60).toNanos());
        assertThat(backoff.delayNanos(1, Duration.ofSeconds(-5))).isZero();
    }
}
