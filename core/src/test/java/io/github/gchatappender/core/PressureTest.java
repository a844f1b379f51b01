package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.report.DeliveryStats;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storms against a server that enforces Google's quota (429 above 1 request per second per space),
 * with the default settings: 1 message per second, a 500 ms batch window.
 */
class PressureTest {

    final RecordingStatus status = new RecordingStatus();
    QuotaEnforcingChatServer chat;
    GoogleChatSender sender;

    @BeforeEach
    void startServer() throws IOException {
        chat = QuotaEnforcingChatServer.start();
    }

    @AfterEach
    void stopAll() {
        if (sender != null) {
            sender.stop();
        }
        chat.close();
        assertThat(status.all()).doesNotContain("quota-key").doesNotContain("quota-token");
    }

    static final ThrowableSnapshot[] EXCEPTIONS = {
        ThrowableSnapshot.of(new IllegalStateException("state")),
        ThrowableSnapshot.of(new IllegalArgumentException("argument")),
    };

    static AlertEvent event(int group, long sequence) {
        return AlertEvent.builder()
                .timestampMillis(System.currentTimeMillis())
                .level("ERROR")
                .loggerName("com.acme.Service" + group)
                .threadName("worker")
                .message("Request " + sequence + " failed")
                .messagePattern("Request {} failed")
                .throwable(EXCEPTIONS[group % EXCEPTIONS.length])
                .build();
    }

    /** Offers {@code events} over {@code duration}, at an even pace, round-robin over {@code groups}. */
    static void storm(GoogleChatSender sender, int events, int groups, Duration duration) {
        long start = System.nanoTime();
        long nanosPerEvent = duration.toNanos() / events;
        for (int i = 0; i < events; i++) {
            sender.offer(event(i % groups, i));
            long due = start + (i + 1) * nanosPerEvent;
            if ((i & 63) == 63 && due - System.nanoTime() > 0) {
                LockSupport.parkNanos(due - System.nanoTime()); // Pacing the producer, not waiting for a result.
            }
        }
    }

    @Test
    void aHundredThousandErrorsInFiveGroupsAreAllDeliveredWithoutOne429() {
        sender = GoogleChatSender.start(
                SenderSettings.builder()
                        .name("storm-5")
                        .webhookUrl(chat.webhookUrl())
                        .build(),
                status);
        long started = System.nanoTime();

        storm(sender, 100_000, 5, Duration.ofSeconds(5));
        sender.stop();
        double elapsed = (System.nanoTime() - started) / 1e9;

        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(100_000);
        assertThat(stats.getEventsDelivered()).isEqualTo(100_000);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(chat.tooManyRequests()).isZero();
        assertThat(chat.threadKeys()).hasSize(5);
        assertThat((double) chat.requests()).isLessThanOrEqualTo(elapsed + 2);
    }

    @Test
    void twentyThousandErrorsInTwoHundredGroupsStayWithinTheQuotaThroughDigests() {
        sender = GoogleChatSender.start(
                SenderSettings.builder()
                        .name("storm-200")
                        .webhookUrl(chat.webhookUrl())
                        .build(),
                status);
        long started = System.nanoTime();

        storm(sender, 20_000, 200, Duration.ofSeconds(5));
        sender.stop();
        double elapsed = (System.nanoTime() - started) / 1e9;

        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(20_000);
        assertThat(stats.getEventsDelivered() + stats.getEventsDropped()).isEqualTo(20_000);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(chat.tooManyRequests()).isZero();
        assertThat((double) chat.requests()).isLessThanOrEqualTo(elapsed + 2);
        assertThat(chat.texts())
                .anySatisfy(text -> assertThat(text).startsWith("*Digest*").contains("kinds of error"));
        assertThat(stats.getEventsDelivered())
                .as("a digest carries the groups that did not fit")
                .isEqualTo(20_000);
    }

    @Test
    void shutdownUnderPressureSendsTheMostImportantFirstAndTheRestInOneFinalDigest() {
        sender = GoogleChatSender.start(
                SenderSettings.builder()
                        .name("shutdown")
                        .webhookUrl(chat.webhookUrl())
                        .batchWindow(Duration.ofMinutes(5))
                        .shutdownTimeout(Duration.ofSeconds(3))
                        .build(),
                status);
        for (int group = 0; group < 30; group++) {
            for (int i = 0; i <= group; i++) {
                sender.offer(event(group, i));
            }
        }
        long stopping = System.nanoTime();
        sender.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(6));
        assertThat(chat.tooManyRequests()).isZero();
        java.util.List<String> texts = chat.texts();
        assertThat(texts.size()).isBetween(2, 4);
        // The biggest groups first, each in its own message; everything else in the last one, a digest.
        assertThat(texts.get(0)).contains("Service29").contains("\u00D730");
        assertThat(texts.get(texts.size() - 1)).startsWith("*Digest*");
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(465);
    }
}
