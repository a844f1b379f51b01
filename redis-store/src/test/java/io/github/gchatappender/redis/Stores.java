package io.github.gchatappender.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Consumer;

/** Opening stores as the core does, and looking at Redis behind their back. */
final class Stores {

    static final String SPACE = "spaces/AAAA";

    private static boolean warm;

    private Stores() {}

    /**
     * A store opened through the provider, as the core opens one from its {@code fleetStore} setting, in a
     * JVM that has loaded Lettuce and Netty: a JVM's first client takes seconds to start on a busy
     * machine, and its calls fail meanwhile, as they should. The tests measure the store, not class
     * loading.
     */
    static FleetStore open(String url) {
        warmUp();
        return new RedisFleetStoreProvider().open(FleetStoreAddress.parse(url));
    }

    /** Loads Lettuce and Netty once per JVM, so that what a test times is the store. */
    static synchronized void warmUp() {
        if (warm) {
            return;
        }
        try (RedisServer server = RedisServer.started();
                FleetStore store = new RedisFleetStoreProvider().open(FleetStoreAddress.parse(server.url()))) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreException(FleetStoreException.class)
                    .until(() -> {
                        store.tryTakePermit("spaces/warm-up", 1_000_000);
                        store.claimResolvedNote("spaces/warm-up", "warm-up", 1);
                        return true;
                    });
        }
        warm = true;
    }

    /** What a call threw, and how long it took to throw. */
    static final class Failure {
        final FleetStoreException exception;
        final Duration took;

        Failure(FleetStoreException exception, Duration took) {
            this.exception = exception;
            this.took = took;
        }
    }

    /** Runs {@code call} on {@code store}, which must throw {@link FleetStoreException}. */
    static Failure failure(FleetStore store, Consumer<FleetStore> call) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> call.accept(store));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).isInstanceOf(FleetStoreException.class);
        return new Failure((FleetStoreException) thrown, took);
    }

    /** A plain Lettuce connection to read keys and their expiry without touching them. */
    static final class Peek implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        Peek(String url) {
            client = RedisClient.create(url);
            connection = client.connect();
        }

        RedisCommands<String, String> redis() {
            return connection.sync();
        }

        boolean exists(String key) {
            return redis().exists(key) == 1;
        }

        @Override
        public void close() {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
