package io.github.gchatappender.core;

import java.time.Duration;

/**
 * How events become messages and how fast they go: part of {@link SenderSettings}, checked when it was
 * built. Plain values only, so that the engine can take them without depending on the settings' parsing.
 * The defaults are here, in the units the adapters' documentation shows.
 */
public final class DeliverySettings {

    /** Events that may wait for the dispatcher; more are dropped, never blocking the caller. */
    public static final int DEFAULT_QUEUE_SIZE = 1024;
    /** How long a Chat thread's batch collects events after its first one before it goes out as one message. */
    public static final long DEFAULT_BATCH_WINDOW_MILLIS = 500;

    public static final int DEFAULT_MAX_RETRIES = 5;
    /** Google Chat's quota: one message per second per space. */
    public static final double DEFAULT_MESSAGES_PER_SECOND = 1;
    /** One message an hour: as slow as the longest duration setting, and far from overflowing a slot's period. */
    public static final double MIN_MESSAGES_PER_SECOND = 1.0 / 3600;

    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;
    /** The longest gap between two messages of one Chat thread while its errors go on: 5 minutes. */
    public static final long DEFAULT_UPDATE_INTERVAL_MILLIS = 300_000;
    /** How long a Chat thread is quiet before its resolved note: 5 minutes. */
    public static final long DEFAULT_RESOLVED_AFTER_MILLIS = 300_000;

    private final int queueSize;
    private final Duration batchWindow;
    private final int maxRetries;
    private final double messagesPerSecond;
    private final Duration shutdownTimeout;
    private final Duration updateInterval;
    private final Duration resolvedAfter;

    DeliverySettings(
            int queueSize,
            Duration batchWindow,
            int maxRetries,
            double messagesPerSecond,
            Duration shutdownTimeout,
            Duration updateInterval,
            Duration resolvedAfter) {
        this.queueSize = queueSize;
        this.batchWindow = batchWindow;
        this.maxRetries = maxRetries;
        this.messagesPerSecond = messagesPerSecond;
        this.shutdownTimeout = shutdownTimeout;
        this.updateInterval = updateInterval;
        this.resolvedAfter = resolvedAfter;
    }

    public int queueSize() {
        return queueSize;
    }

    public Duration batchWindow() {
        return batchWindow;
    }

    /** Retries of a message after 408, 5xx or a network error; a 429 costs none. */
    public int maxRetries() {
        return maxRetries;
    }

    public double messagesPerSecond() {
        return messagesPerSecond;
    }

    /** How long stopping may take to deliver what is pending. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * The longest gap between two messages of one Chat thread while its errors go on: the gaps grow from
     * about 10 s to this. Zero: no pacing, a thread's messages go as fast as the quota allows.
     */
    public Duration updateInterval() {
        return updateInterval;
    }

    /** How long a Chat thread that has a message is quiet before its resolved note. Zero: no notes. */
    public Duration resolvedAfter() {
        return resolvedAfter;
    }

    @Override
    public String toString() {
        return "queueSize=" + queueSize + ", batchWindow=" + batchWindow + ", maxRetries=" + maxRetries
                + ", messagesPerSecond=" + messagesPerSecond + ", shutdownTimeout=" + shutdownTimeout
                + ", updateInterval=" + updateInterval + ", resolvedAfter=" + resolvedAfter;
    }
}
