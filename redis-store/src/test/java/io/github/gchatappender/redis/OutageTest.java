package io.github.gchatappender.redis;

import static io.github.gchatappender.redis.Stores.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.testkit.BlackHole;
import io.github.gchatappender.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store that is down, dies or hangs: every call throws {@link
 * io.github.gchatappender.core.fleet.FleetStoreException} within about a second, naming the store by its
 * address, and calls succeed again once Redis is back on its port.
 */
class OutageTest {

    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration FAST = Duration.ofSeconds(1);

    /** One of each call, as the dispatcher makes them. */
    private static final List<Consumer<FleetStore>> CALLS = List.of(
            store -> store.tryTakePermit(SPACE, INTERVAL),
            store -> store.touchIncident(SPACE, "thread", 300),
            store -> store.claimResolvedNote(SPACE, "thread", 300));

    @BeforeAll
    static void loadLettuce() {
        Stores.warmUp();
    }

    @Test
    void aStoreDownAtStartOpensAtOnceFailsFastAndWorksOnceRedisIsUp() {
        try (RedisServer server = new RedisServer()) {
            long start = System.nanoTime();
            try (FleetStore store = Stores.open(server.url())) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);

                for (Consumer<FleetStore> call : CALLS) {
                    Stores.Failure failure = Stores.failure(store, call);
                    assertThat(failure.took).isLessThan(FAST);
                    assertThat(failure.exception)
                            .hasMessageContaining("redis://127.0.0.1:" + server.port())
                            .hasMessageContaining("refused");
                }

                server.start();
                awaitWorking(store);
            }
        }
    }

    @Test
    void aStoreKilledMidUseFailsFastWhileDownAndRecoversOnItsPort() {
        try (RedisServer server = RedisServer.started();
                FleetStore store = Stores.open(server.url())) {
            assertThat(store.touchIncident(SPACE, "thread", 60_000)).isTrue();

            server.stop();
            for (int round = 0; round < 2; round++) {
                for (Consumer<FleetStore> call : CALLS) {
                    Stores.Failure failure = Stores.failure(store, call);
                    assertThat(failure.took).isLessThan(FAST);
                    assertThat(failure.exception).hasMessageContaining("redis://127.0.0.1:" + server.port());
                }
            }

            server.start();
            awaitWorking(store);
            // A new Redis, empty: the incident is new again.
            assertThat(store.touchIncident(SPACE, "thread", 60_000)).isTrue();
        }
    }

    @Test
    void aPortThatAcceptsAndNeverAnswersFailsEachCallWithinASecond() {
        try (BlackHole hole = new BlackHole()) {
            long start = System.nanoTime();
            try (FleetStore store = Stores.open("redis://127.0.0.1:" + hole.port())) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);

                for (Consumer<FleetStore> call : CALLS) {
                    Stores.Failure failure = Stores.failure(store, call);
                    assertThat(failure.took).isLessThan(Duration.ofMillis(1_200));
                    assertThat(failure.exception).hasMessageContaining("redis://127.0.0.1:" + hole.port());
                    // Lettuce 6.8 times the command out; 6.1.8 sometimes sees the connection drop first.
                    assertThat(failure.exception.getMessage()).containsAnyOf("within 500 ms", "connection lost");
                }
                assertThat(hole.accepted()).isPositive();
            }
        }
    }

    @Test
    void aClosedStoreThrowsAndClosesOnce() {
        try (RedisServer server = RedisServer.started()) {
            FleetStore store = Stores.open(server.url());
            assertThat(store.touchIncident(SPACE, "thread", 300)).isTrue();

            store.close();
            store.close();
            for (Consumer<FleetStore> call : CALLS) {
                assertThat(Stores.failure(store, call).exception).hasMessageContaining("is closed");
            }
        }
    }

    @Test
    void aStoreClosedBeforeItsClientStartedThrowsAndEndsItsThreads() throws InterruptedException {
        String url = "redis://127.0.0.1:" + RedisServer.freePort();
        Set<Thread> before = clientThreads();
        FleetStore store = Stores.open(url);
        store.close();

        assertThat(Stores.failure(store, CALLS.get(0)).exception).hasMessageContaining("is closed");
        // The starting thread shuts its client down itself, and ends.
        for (Thread thread : clientThreads()) {
            if (thread.getName().endsWith(url)) {
                thread.join(5_000);
            }
        }
        await().atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(clientThreads()).isSubsetOf(before));
    }

    @Test
    void closingAStoreEndsItsThreads() {
        Set<Thread> before = clientThreads();
        try (RedisServer server = RedisServer.started()) {
            FleetStore store = Stores.open(server.url());
            await().atMost(Duration.ofSeconds(5))
                    .ignoreException(FleetStoreException.class)
                    .until(() -> {
                        store.touchIncident(SPACE, "thread", 300);
                        return true;
                    });
            assertThat(clientThreads()).hasSizeGreaterThan(before.size());

            store.close();
            // close() waits for the client's shutdown: its threads are ending when it returns (Netty completes
            // the shutdown from the thread itself, a moment before the thread is gone).
            await().atMost(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(clientThreads()).isSubsetOf(before));
        }
    }

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("lettuce-")
                        || thread.getName().startsWith("gchat-appender-redis-"))
                .collect(Collectors.toSet());
    }

    @Test
    void tlsToAPlainRedisFailsFast() {
        try (RedisServer server = RedisServer.started();
                FleetStore store = Stores.open("rediss://127.0.0.1:" + server.port())) {
            Stores.Failure failure = Stores.failure(store, CALLS.get(1));
            assertThat(failure.took).isLessThan(Duration.ofMillis(1_200));
            assertThat(failure.exception).hasMessageContaining("rediss://127.0.0.1:" + server.port());
        }
    }

    /** Each call succeeds within a few seconds; none throws anything but the store's exception meanwhile. */
    private static void awaitWorking(FleetStore store) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(FleetStoreException.class)
                .until(() -> {
                    store.tryTakePermit(SPACE + "-recovered", INTERVAL);
                    store.claimResolvedNote(SPACE, "recovered", 300);
                    return true;
                });
    }
}
