package io.github.gchatappender.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The core finds the provider as it finds any: through ServiceLoader, by the URL's scheme. */
class RedisFleetStoreProviderTest {

    private static List<FleetStoreProvider> providers() {
        return ServiceLoader.load(FleetStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
    }

    @Test
    void serviceLoaderFindsItAndItServesRedisAndRedissOnly() {
        assertThat(providers()).hasSize(1).first().isInstanceOf(RedisFleetStoreProvider.class);

        FleetStoreProvider provider = providers().get(0);
        assertThat(provider.serves("redis")).isTrue();
        assertThat(provider.serves("rediss")).isTrue();
        assertThat(provider.serves(FleetStoreAddress.parse("REDIS://host:6379").scheme()))
                .isTrue();
        for (String other : List.of("http", "https", "memcached", "valkey", "redis-sentinel", "")) {
            assertThat(provider.serves(other)).as(other).isFalse();
        }
    }

    @Test
    void itOpensARedisStoreWithoutWaitingForRedis() {
        FleetStoreAddress address = FleetStoreAddress.parse("rediss://:secret-pw@redis.invalid:6380/2");
        try (FleetStore store = new RedisFleetStoreProvider().open(address)) {
            assertThat(store).isInstanceOf(RedisFleetStore.class);
            assertThat(store.toString()).isEqualTo("RedisFleetStore[rediss://****@redis.invalid:6380/2]");
        }
    }

    @Test
    void itRefusesOtherSchemesAndMalformedRedisUrlsWithTheUrlMasked() {
        assertThatThrownBy(() -> new RedisFleetStoreProvider().open(FleetStoreAddress.parse("http://:pw-x1@host")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("****")
                .hasMessageNotContaining("pw-x1");
        assertThatThrownBy(() ->
                        new RedisFleetStoreProvider().open(FleetStoreAddress.parse("redis://:pw-x1@host:6379/notadb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("****")
                .hasMessageNotContaining("pw-x1");
    }
}
