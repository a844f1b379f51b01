package io.github.gchatappender.core;

import io.github.gchatappender.core.fleet.FleetStoreAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Where and how requests go: part of {@link SenderSettings}, checked when it was built. The webhook URL
 * is a secret: {@link #toString()} shows it with its key and token masked, and the fleet store without
 * its password.
 */
public final class TransportSettings {

    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 10_000;

    private final String webhookUrl;
    private final String maskedWebhookUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final InetSocketAddress proxy;
    private final FleetStoreAddress fleetStore;

    TransportSettings(
            String webhookUrl,
            String maskedWebhookUrl,
            Duration connectTimeout,
            Duration requestTimeout,
            InetSocketAddress proxy,
            FleetStoreAddress fleetStore) {
        this.webhookUrl = webhookUrl;
        this.maskedWebhookUrl = maskedWebhookUrl;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.proxy = proxy;
        this.fleetStore = fleetStore;
    }

    /** The space's webhook URL, key and token included: a secret, for the transport only. Never print it. */
    public String webhookUrl() {
        return webhookUrl;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The limit on one request, answer included. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The HTTP proxy to use, or null for the JVM's default proxy selector (https.proxyHost and the like). */
    public InetSocketAddress proxy() {
        return proxy;
    }

    /**
     * The store that the replicas of a fleet share, or null for none. Its password is a secret: print
     * it only through {@link FleetStoreAddress#masked()} (its {@code toString()}).
     */
    public FleetStoreAddress fleetStore() {
        return fleetStore;
    }

    @Override
    public String toString() {
        return "webhookUrl=" + maskedWebhookUrl + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", proxy=" + proxy + ", fleetStore=" + fleetStore;
    }
}
