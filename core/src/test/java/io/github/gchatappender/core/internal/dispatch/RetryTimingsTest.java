package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backoff and cool-down timings: no longer settings, so checked where they are made. */
class RetryTimingsTest {

    private static final Duration COOLDOWN = Duration.ofMinutes(5);

    @Test
    void googlesTimingsAreTheDefault() {
        assertThat(RetryTimings.GOOGLE.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryTimings.GOOGLE.maxBackoff()).isEqualTo(Duration.ofSeconds(32));
        assertThat(RetryTimings.GOOGLE.rejectionCooldown()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void valuesAreKept() {
        RetryTimings t = new RetryTimings(Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ofSeconds(10));

        assertThat(t.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(t.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(t.rejectionCooldown()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void maxBackoffShorterThanInitialBackoffIsRejected() {
        assertThatThrownBy(() -> new RetryTimings(Duration.ofSeconds(10), Duration.ofSeconds(1), COOLDOWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximum");
    }

    @Test
    void aBackoffThatIsNotPositiveIsRejected() {
        for (Duration bad : new Duration[] {Duration.ofSeconds(-1), Duration.ofNanos(-1), Duration.ZERO}) {
            assertThatThrownBy(() -> new RetryTimings(bad, Duration.ofSeconds(32), COOLDOWN))
                    .as("initialBackoff %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new RetryTimings(Duration.ofSeconds(1), bad, COOLDOWN))
                    .as("maxBackoff %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMissingBackoffIsRejected() {
        assertThatThrownBy(() -> new RetryTimings(null, Duration.ofSeconds(32), COOLDOWN))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RetryTimings(Duration.ofSeconds(1), null, COOLDOWN))
                .isInstanceOf(NullPointerException.class);
    }
}
