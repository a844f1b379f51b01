package io.github.gchatappender.core.dispatch;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The space's quota in simulated time: the caller passes "now". */
class SpaceQuotaTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void oneMessagePerSecondSpacesPermitsASecondApartWithoutBursts() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        long now = 1_000 * SECOND;

        assertThat(quota.nextPermitNanos(now)).isEqualTo(now);
        quota.acquire(now);
        assertThat(quota.nextPermitNanos(now)).isEqualTo(now + SECOND);
        quota.acquire(now + SECOND);
        assertThat(quota.nextPermitNanos(now + SECOND)).isEqualTo(now + 2 * SECOND);
    }

    @Test
    void afterIdleTimeTheNextPermitIsImmediate() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        quota.acquire(0);
        quota.answered(SECOND / 10);

        assertThat(quota.nextPermitNanos(10 * SECOND)).isLessThanOrEqualTo(10 * SECOND);
        quota.acquire(10 * SECOND);
        assertThat(quota.nextPermitNanos(10 * SECOND)).isEqualTo(11 * SECOND);
    }

    /**
     * A slow first request (a new connection, say) arrives late; counting from its sending would let
     * the next arrive less than a second after it. The interval also runs from the answer.
     */
    @Test
    void theNextMessageWaitsAnIntervalAfterTheAnswerAsWellAsAfterTheSending() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        quota.acquire(0);
        long answer = 600 * SECOND / 1000;

        quota.answered(answer);

        assertThat(quota.nextPermitNanos(answer)).isEqualTo(answer + SECOND);
    }

    @Test
    void aQuickAnswerKeepsTheIntervalFromTheSending() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        quota.acquire(0);
        quota.answered(0); // In a loop-back test, the answer is instantaneous.

        assertThat(quota.nextPermitNanos(0)).isEqualTo(SECOND);
    }

    @Test
    void noMessageGoesWhileAnotherOfTheSpaceIsOnItsWay() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        quota.acquire(0);

        // Five seconds on, the first has no answer yet: a second sender still waits.
        assertThat(quota.nextPermitNanos(5 * SECOND)).isEqualTo(6 * SECOND);

        quota.answered(7 * SECOND);
        assertThat(quota.nextPermitNanos(7 * SECOND)).isEqualTo(8 * SECOND);
    }

    @Test
    void fourPerSecondGivesQuarterSecondIntervals() {
        assertThat(SpaceQuota.unshared(4).intervalNanos()).isEqualTo(SECOND / 4);
    }

    @Test
    void aPauseAfter429HoldsTheSpaceButNeverShortensAWait() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        quota.acquire(0);
        quota.pauseUntil(5 * SECOND);
        assertThat(quota.nextPermitNanos(SECOND)).isEqualTo(5 * SECOND);
        quota.pauseUntil(2 * SECOND);
        assertThat(quota.nextPermitNanos(SECOND)).isEqualTo(5 * SECOND);
    }

    @Test
    void appendersOfOneSpaceShareItsQuotaAndTheSlowestRateWinsWhileItRuns() {
        SpaceQuota fast = SpaceQuota.join("test-host:1/spaces/SHARED", 10);
        SpaceQuota slow = SpaceQuota.join("test-host:1/spaces/SHARED", 1);
        try {
            assertThat(slow).isSameAs(fast);
            assertThat(fast.intervalNanos()).isEqualTo(SECOND);
            fast.acquire(0);
            assertThat(slow.nextPermitNanos(0)).isEqualTo(SECOND);

            slow.leave(1);
            assertThat(fast.intervalNanos()).isEqualTo(SECOND / 10);
        } finally {
            fast.leave(10);
        }
        assertThat(SpaceQuota.join("test-host:1/spaces/SHARED", 2)).isNotSameAs(fast);
    }

    @Test
    void otherSpacesHaveQuotasOfTheirOwn() {
        SpaceQuota a = SpaceQuota.join("test-host:1/spaces/A", 1);
        SpaceQuota b = SpaceQuota.join("test-host:1/spaces/B", 1);
        try {
            assertThat(a).isNotSameAs(b);
        } finally {
            a.leave(1);
            b.leave(1);
        }
    }
}
