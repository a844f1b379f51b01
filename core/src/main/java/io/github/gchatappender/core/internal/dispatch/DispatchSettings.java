package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.DeliverySettings;
import io.github.gchatappender.core.RenderingSettings;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import java.time.Duration;

/**
 * What the dispatcher and its policy read from the settings, gathered by the sender that builds them:
 * the settings' plain sections, the parsed webhook URL (to mask status lines) and the retry timings.
 */
public final class DispatchSettings {

    private final RenderingSettings rendering;
    private final DeliverySettings delivery;
    private final Duration requestTimeout;
    private final WebhookUrl webhookUrl;
    private final RetryTimings retry;

    public DispatchSettings(
            RenderingSettings rendering,
            DeliverySettings delivery,
            Duration requestTimeout,
            WebhookUrl webhookUrl,
            RetryTimings retry) {
        this.rendering = rendering;
        this.delivery = delivery;
        this.requestTimeout = requestTimeout;
        this.webhookUrl = webhookUrl;
        this.retry = retry;
    }

    public RenderingSettings rendering() {
        return rendering;
    }

    String applicationName() {
        return rendering.applicationName();
    }

    String environment() {
        return rendering.environment();
    }

    Duration batchWindow() {
        return delivery.batchWindow();
    }

    double messagesPerSecond() {
        return delivery.messagesPerSecond();
    }

    int queueSize() {
        return delivery.queueSize();
    }

    int maxRetries() {
        return delivery.maxRetries();
    }

    Duration updateInterval() {
        return delivery.updateInterval();
    }

    Duration resolvedAfter() {
        return delivery.resolvedAfter();
    }

    Duration shutdownTimeout() {
        return delivery.shutdownTimeout();
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** For masking: its {@code toString()} and {@code mask} never show the key or token. */
    WebhookUrl webhookUrl() {
        return webhookUrl;
    }

    Duration initialBackoff() {
        return retry.initialBackoff();
    }

    Duration maxBackoff() {
        return retry.maxBackoff();
    }

    Duration rejectionCooldown() {
        return retry.rejectionCooldown();
    }
}
