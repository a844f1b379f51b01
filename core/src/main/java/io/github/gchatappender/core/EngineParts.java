package io.github.gchatappender.core;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.internal.dispatch.RetryTimings;
import io.github.gchatappender.core.internal.dispatch.SpaceQuota;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The engine's parts that are not settings: the clock, the transport, the space's quota, the backoff's
 * jitter and its timings. The one seam through which tests hand the engine other parts; a sender built by
 * {@link GoogleChatSender#start(SenderSettings, io.github.gchatappender.core.report.StatusReporter)} uses
 * the defaults.
 */
final class EngineParts {

    Ticker ticker = Ticker.SYSTEM;
    /** Null: the JDK's HTTP client, for the settings' URL, timeouts and proxy. */
    WebhookTransport transport;
    /** Null: the space's quota, shared by every sender of this JVM posting to it. */
    SpaceQuota quota;

    /** Null: the store the settings' {@code fleetStore} names, if any, through its module. */
    FleetStore fleetStore;

    LongUnaryOperator jitter = bound -> ThreadLocalRandom.current().nextLong(bound);
    RetryTimings retry = RetryTimings.GOOGLE;

    EngineParts ticker(Ticker ticker) {
        this.ticker = ticker;
        return this;
    }

    EngineParts transport(WebhookTransport transport) {
        this.transport = transport;
        return this;
    }

    /** A quota of its own, as a sender in another JVM has; for fleet tests. */
    EngineParts quota(SpaceQuota quota) {
        this.quota = quota;
        return this;
    }

    /** A fleet store of the test's, in place of the one the settings name. */
    EngineParts fleetStore(FleetStore fleetStore) {
        this.fleetStore = fleetStore;
        return this;
    }

    EngineParts jitter(LongUnaryOperator jitter) {
        this.jitter = jitter;
        return this;
    }

    EngineParts retry(RetryTimings retry) {
        this.retry = retry;
        return this;
    }
}
