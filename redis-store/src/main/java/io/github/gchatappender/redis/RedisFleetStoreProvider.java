package io.github.gchatappender.redis;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreProvider;

/**
 * Opens a {@link RedisFleetStore} for a {@code fleetStore} setting such as {@code
 * redis://:password@redis.internal:6379/0}, or {@code rediss://} for TLS. Found by the core through
 * {@link java.util.ServiceLoader} when this module is on the class path.
 */
public final class RedisFleetStoreProvider implements FleetStoreProvider {

    @Override
    public boolean serves(String scheme) {
        return "redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme);
    }

    /**
     * Opens a store at {@code address} without waiting for Redis: one that is down now fails the store's
     * calls, not this.
     *
     * @throws IllegalArgumentException when the address is no Redis URL that Lettuce takes; the message
     *     shows it masked
     */
    @Override
    public FleetStore open(FleetStoreAddress address) {
        if (!serves(address.scheme())) {
            throw new IllegalArgumentException("is no redis:// or rediss:// URL (" + address.masked() + ")");
        }
        return new RedisFleetStore(address);
    }
}
