package io.github.gchatappender.redis;

import static io.github.gchatappender.redis.Stores.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The space's quota across replicas: two stores on one Redis, as two replicas of a fleet. */
class QuotaTest {

    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.started();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    /** One permit: when the call started and ended, or the wait it answered instead. */
    private static final class Take {
        final long start;
        final long end;
        final long wait;

        Take(long start, long end, long wait) {
            this.start = start;
            this.end = end;
            this.wait = wait;
        }
    }

    @Test
    void twoReplicasHammeringGetOnePermitPerIntervalBetweenThem() throws Exception {
        String space = SPACE + "-hammer";
        try (FleetStore first = Stores.open(server.url());
                FleetStore second = Stores.open(server.url())) {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<List<Take>> firstTakes = CompletableFuture.supplyAsync(() -> hammer(first, space, go));
            CompletableFuture<List<Take>> secondTakes = CompletableFuture.supplyAsync(() -> hammer(second, space, go));
            go.countDown();

            List<Take> takes = new ArrayList<>(firstTakes.get(10, TimeUnit.SECONDS));
            takes.addAll(secondTakes.get(10, TimeUnit.SECONDS));

            List<Take> permits = new ArrayList<>();
            for (Take take : takes) {
                if (take.wait == 0) {
                    permits.add(take);
                } else {
                    assertThat(take.wait).isPositive().isLessThanOrEqualTo(INTERVAL);
                }
            }
            // 2 s at 200 ms: the first at once, then one per interval; a slow machine may miss one.
            assertThat(permits).hasSizeBetween(9, 11);
            assertThat(takes.size()).as("refusals").isGreaterThan(permits.size());
            // Granted somewhere within each call: the next call's end is an interval after this one's start,
            // less the millisecond Bucket4j's clock rounds to.
            permits.sort(Comparator.comparingLong(take -> take.start));
            for (int i = 1; i < permits.size(); i++) {
                assertThat(permits.get(i).end - permits.get(i - 1).start)
                        .as("permit %d after permit %d", i, i - 1)
                        .isGreaterThanOrEqualTo(INTERVAL - TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    private static List<Take> hammer(FleetStore store, String space, CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        List<Take> takes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            long wait = store.tryTakePermit(space, INTERVAL);
            takes.add(new Take(start, System.nanoTime(), wait));
        }
        return takes;
    }

    @Test
    void aWaitSaysWhenThePermitIsBack() {
        String space = SPACE + "-wait";
        try (FleetStore first = Stores.open(server.url());
                FleetStore second = Stores.open(server.url())) {
            assertThat(first.tryTakePermit(space, INTERVAL)).isZero();
            long wait = second.tryTakePermit(space, INTERVAL);
            assertThat(wait).isPositive().isLessThanOrEqualTo(INTERVAL);

            await().atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> second.tryTakePermit(space, INTERVAL) == 0);
            assertThat(first.tryTakePermit(space, INTERVAL)).isPositive();
        }
    }

    @Test
    void theSlowestReplicasIntervalWins() {
        String space = SPACE + "-slowest";
        long slow = TimeUnit.SECONDS.toNanos(1);
        try (FleetStore fast = Stores.open(server.url());
                FleetStore slowed = Stores.open(server.url())) {
            assertThat(fast.tryTakePermit(space, INTERVAL)).isZero();
            // The slowed replica's longer interval replaces the bucket's: the token now takes a second.
            assertThat(slowed.tryTakePermit(space, slow))
                    .isGreaterThan(INTERVAL)
                    .isLessThanOrEqualTo(slow);
            assertThat(fast.tryTakePermit(space, INTERVAL))
                    .isGreaterThan(INTERVAL)
                    .isLessThanOrEqualTo(slow);
        }
    }

    @Test
    void anIdleSpaceLeavesNoKeyBehind() {
        String space = SPACE + "-idle";
        try (FleetStore store = Stores.open(server.url());
                Stores.Peek peek = new Stores.Peek(server.url())) {
            assertThat(store.tryTakePermit(space, INTERVAL)).isZero();

            long ttl = peek.redis().pttl(FleetKeys.quota(space));
            assertThat(ttl).isPositive().isLessThanOrEqualTo(200 + FleetQuota.KEEP_AFTER_REFILL_MILLIS);
            await().atMost(Duration.ofSeconds(3)).until(() -> !peek.exists(FleetKeys.quota(space)));
            // A missing bucket is a full one.
            assertThat(store.tryTakePermit(space, INTERVAL)).isZero();
        }
    }

    @Test
    void noIntervalIsNoLimit() {
        try (FleetStore store = Stores.open(server.url());
                Stores.Peek peek = new Stores.Peek(server.url())) {
            assertThat(store.tryTakePermit(SPACE + "-unlimited", 0)).isZero();
            assertThat(store.tryTakePermit(SPACE + "-unlimited", 0)).isZero();
            assertThat(peek.exists(FleetKeys.quota(SPACE + "-unlimited"))).isFalse();
        }
    }
}
