package io.github.gchatappender.redis;

import static io.github.gchatappender.redis.Stores.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Who announces an incident and who resolves it, across two replicas. The quiet period is short (300 ms),
 * and the tests wait for the incident key to expire by reading it, never by touching it, which would
 * keep it alive.
 */
class IncidentTest {

    private static final long QUIET = 300;

    private static RedisServer server;
    private FleetStore first;
    private FleetStore second;
    private Stores.Peek peek;
    private String thread;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.started();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void openTwoReplicas(TestInfo test) {
        first = Stores.open(server.url());
        second = Stores.open(server.url());
        peek = new Stores.Peek(server.url());
        thread = "com.example.Billing/java.net.SocketTimeoutException/" + test.getDisplayName();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
        peek.close();
    }

    @Test
    void theFirstTouchOpensTheIncidentAndLaterOnesFromAnyReplicaExtendIt() {
        assertThat(first.touchIncident(SPACE, thread, QUIET)).isTrue();
        assertThat(second.touchIncident(SPACE, thread, QUIET)).isFalse();
        assertThat(first.touchIncident(SPACE, thread, QUIET)).isFalse();
        assertThat(peek.redis().pttl(FleetKeys.incident(SPACE, thread)))
                .isPositive()
                .isLessThanOrEqualTo(QUIET);

        awaitQuiet();
        assertThat(second.touchIncident(SPACE, thread, QUIET))
                .as("after the quiet period")
                .isTrue();
    }

    @Test
    void aTouchExtendsTheIncidentByTheQuietPeriod() {
        assertThat(first.touchIncident(SPACE, thread, QUIET)).isTrue();
        assertThat(second.touchIncident(SPACE, thread, 5_000)).isFalse();

        assertThat(peek.redis().pttl(FleetKeys.incident(SPACE, thread))).isGreaterThan(QUIET);
    }

    @Test
    void noResolvedNoteWhileTheIncidentLives() {
        first.touchIncident(SPACE, thread, QUIET);

        assertThat(first.claimResolvedNote(SPACE, thread, QUIET))
                .as("ask again later")
                .isBetween(1L, QUIET);
        assertThat(second.claimResolvedNote(SPACE, thread, QUIET)).isBetween(1L, QUIET);
        assertThat(peek.exists(FleetKeys.resolved(SPACE, thread))).isFalse();
    }

    @Test
    void exactlyOneReplicaClaimsTheNoteOnceTheFleetIsQuiet() throws Exception {
        first.touchIncident(SPACE, thread, QUIET);
        second.touchIncident(SPACE, thread, QUIET);
        awaitQuiet();

        assertThat(claimTogether()).containsExactlyInAnyOrder(true, false);
        assertThat(first.claimResolvedNote(SPACE, thread, QUIET))
                .as("claimed again")
                .isNegative();
        assertThat(second.claimResolvedNote(SPACE, thread, QUIET))
                .as("claimed again")
                .isNegative();
    }

    @Test
    void twoIncidentsInARowGetOneNoteEach() throws Exception {
        assertThat(first.touchIncident(SPACE, thread, QUIET)).isTrue();
        awaitQuiet();
        assertThat(claimTogether()).containsExactlyInAnyOrder(true, false);

        // At once: the first incident's resolved key still lives, the new incident clears it.
        assertThat(second.touchIncident(SPACE, thread, QUIET))
                .as("opens the second incident")
                .isTrue();
        assertThat(first.touchIncident(SPACE, thread, QUIET)).isFalse();
        assertThat(claimTogether()).as("while it lives").containsExactly(false, false);
        awaitQuiet();
        assertThat(claimTogether()).as("the second incident's note").containsExactlyInAnyOrder(true, false);
    }

    @Test
    void theResolvedKeyExpiresTooAndLeavesNothingBehind() {
        first.touchIncident(SPACE, thread, QUIET);
        awaitQuiet();
        assertThat(first.claimResolvedNote(SPACE, thread, QUIET)).isZero();

        assertThat(peek.redis().pttl(FleetKeys.resolved(SPACE, thread)))
                .as("twelve quiet periods, for replicas whose notes fall due later")
                .isPositive()
                .isLessThanOrEqualTo(12 * QUIET);
        await().atMost(Duration.ofSeconds(6)).until(() -> !peek.exists(FleetKeys.resolved(SPACE, thread)));
    }

    @Test
    void spacesAndThreadsAreApart() {
        assertThat(first.touchIncident(SPACE, thread, QUIET)).isTrue();
        assertThat(first.touchIncident("spaces/BBBB", thread, QUIET)).isTrue();
        assertThat(second.touchIncident(SPACE, thread + "-other", QUIET)).isTrue();
    }

    /** Until the incident key has expired: no replica touched it for the quiet period. */
    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !peek.exists(FleetKeys.incident(SPACE, thread)));
    }

    /** Both replicas claim at the same moment, each from its own thread. */
    private List<Boolean> claimTogether() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> claims = Stream.of(first, second)
                .map(store -> CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return store.claimResolvedNote(SPACE, thread, QUIET) == 0;
                }))
                .collect(Collectors.toList());
        go.countDown();
        CompletableFuture.allOf(claims.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
        return claims.stream().map(CompletableFuture::join).collect(Collectors.toList());
    }
}
