package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.internal.dispatch.RetryTimings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine's parts that are not settings: Google's backoff unless a test hands in other timings. */
class EnginePartsTest {

    @Test
    void defaults() {
        EngineParts parts = new EngineParts();

        assertThat(parts.retry.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parts.retry.maxBackoff()).isEqualTo(Duration.ofSeconds(32));
        assertThat(parts.retry.rejectionCooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parts.ticker).isSameAs(Ticker.SYSTEM);
        assertThat(parts.transport).as("the JDK's client, made by the sender").isNull();
        assertThat(parts.quota)
                .as("the space's shared quota, joined by the sender")
                .isNull();
        for (int i = 0; i < 100; i++) {
            assertThat(parts.jitter.applyAsLong(10)).isBetween(0L, 9L);
        }
    }

    @Test
    void retryTimingsAreKept() {
        EngineParts parts = new EngineParts()
                .retry(new RetryTimings(Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ofSeconds(10)));

        assertThat(parts.retry.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(parts.retry.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parts.retry.rejectionCooldown()).isEqualTo(Duration.ofSeconds(10));
    }
}
