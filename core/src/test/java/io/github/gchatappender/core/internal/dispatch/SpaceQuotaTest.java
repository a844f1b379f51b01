package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The space's quota in simulated time: the caller passes "now". */
class SpaceQuotaTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void oneMessagePerSecondSpacesPermitsASecondApartWithoutBursts() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        long now = 1_000 * SECOND;

        assertThat(quota.nextPermitNanos(now)).isEqualTo(now);
        acquire(quota, now);
        quota.answered(now);
        assertThat(quota.nextPermitNanos(now)).isEqualTo(now + SECOND);
        acquire(quota, now + SECOND);
        quota.answered(now + SECOND);
        assertThat(quota.nextPermitNanos(now + SECOND)).isEqualTo(now + 2 * SECOND);
    }

    @Test
    void afterIdleTimeTheNextPermitIsImmediate() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        acquire(quota, 0);
        quota.answered(SECOND / 10);

        assertThat(quota.nextPermitNanos(10 * SECOND)).isLessThanOrEqualTo(10 * SECOND);
        acquire(quota, 10 * SECOND);
        assertThat(quota.nextPermitNanos(10 * SECOND)).isEqualTo(11 * SECOND);
    }

    /**
     * A slow first request (a new connection, say) arrives late; counting from its sending would let
     * the next arrive less than a second after it. The interval also runs from the answer.
     */
    @Test
    void theNextMessageWaitsAnIntervalAfterTheAnswerAsWellAsAfterTheSending() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        acquire(quota, 0);
        long answer = 600 * SECOND / 1000;

        quota.answered(answer);

        assertThat(quota.nextPermitNanos(answer)).isEqualTo(answer + SECOND);
    }

    @Test
    void aQuickAnswerKeepsTheIntervalFromTheSending() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        acquire(quota, 0);
        quota.answered(0); // In a loop-back test, the answer is instantaneous.

        assertThat(quota.nextPermitNanos(0)).isEqualTo(SECOND);
    }

    @Test
    void noMessageGoesWhileAnotherOfTheSpaceIsOnItsWay() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        acquire(quota, 0);

        // Five seconds on, the first has no answer yet: a second sender still waits.
        assertThat(quota.nextPermitNanos(5 * SECOND)).isEqualTo(6 * SECOND);

        quota.answered(7 * SECOND);
        assertThat(quota.nextPermitNanos(7 * SECOND)).isEqualTo(8 * SECOND);
    }

    @Test
    void fourPerSecondGivesQuarterSecondIntervals() {
        assertThat(SpaceQuota.unshared(4).intervalNanos(0)).isEqualTo(SECOND / 4);
    }

    @Test
    void aPermitIsTakenOrTheWaitIsSaidInOneStep() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        assertThat(quota.tryAcquire(0)).isZero();
        quota.answered(0);

        assertThat(quota.tryAcquire(SECOND / 4)).isEqualTo(3 * SECOND / 4);
        assertThat(quota.tryAcquire(SECOND)).isZero();
    }

    @Test
    void a429MakesSlotsWithRoomBetweenReplicasAndEachFurther429HalvesTheRate() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        acquire(quota, 0);
        quota.answered(SECOND / 10);

        quota.throttled(SECOND / 10, 0);
        assertThat(quota.intervalNanos(SECOND)).isEqualTo(1_250 * MILLI);
        acquire(quota, quota.nextPermitNanos(SECOND));
        quota.answered(quota.nextPermitNanos(SECOND));
        quota.throttled(3 * SECOND, 0);
        assertThat(quota.intervalNanos(3 * SECOND)).isEqualTo(2_500 * MILLI);
    }

    /** After a 429 messages go in slots a period apart, at a phase of their own: the slot is kept while it works. */
    @Test
    void learnedSlotsAreAPeriodApartAndAMessageBetweenThemWaitsForTheNext() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        acquire(quota, 0);
        quota.answered(0);
        quota.throttled(0, 0);
        long slot = quota.nextPermitNanos(0);
        long period = quota.intervalNanos(0);
        assertThat(slot).isGreaterThanOrEqualTo(SECOND - SECOND / 10);

        acquire(quota, slot);
        quota.answered(slot + SECOND / 10);
        quota.accepted(slot + SECOND / 10);

        assertThat(quota.tryAcquire(slot + period / 2)).isEqualTo(period / 2);
        assertThat(quota.nextPermitNanos(slot + SECOND / 10)).isEqualTo(slot + period);
    }

    /**
     * Ten 429s in a row (another sender flooding the space) drive the level to the top: 640 s between
     * slots. While a sender waits for its slot, time alone brings nothing down (a fleet's replicas
     * would collide again); once no sender has asked for a permit for 50 s, the slots are forgotten
     * and the next message goes at once, as it did before the flood.
     */
    @Test
    void aFloodDrivesTheLevelToTheTopAndIdleTimeForgetsIt() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 10);
        assertThat(quota.intervalNanos(now)).isEqualTo(640 * SECOND);

        long busy = now;
        for (int i = 0; i < 120; i++) {
            busy += SECOND;
            quota.nextPermitNanos(busy);
        }
        assertThat(quota.intervalNanos(busy)).as("waiting, not idle").isEqualTo(640 * SECOND);

        long idle = busy + 50 * SECOND;
        assertThat(quota.nextPermitNanos(idle)).isLessThanOrEqualTo(idle);
        acquire(quota, idle);
        assertThat(quota.intervalNanos(idle)).isEqualTo(SECOND);
    }

    /** A message on its way is no idle time, however long its answer takes: a slow 429 is not forgotten. */
    @Test
    void aSlowAnswerIsNoIdleTime() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 3);
        assertThat(quota.intervalNanos(now)).isEqualTo(5 * SECOND);

        now = waitForPermit(quota, now);
        acquire(quota, now);
        quota.answered(now + 6 * SECOND);
        quota.accepted(now + 6 * SECOND);
        quota.nextPermitNanos(now + 6 * SECOND);
        assertThat(quota.intervalNanos(now + 6 * SECOND)).isEqualTo(5 * SECOND);

        acquire(quota, waitForPermit(quota, now + 6 * SECOND));
        long slow = now + 20 * SECOND;
        quota.answered(slow);
        quota.throttled(slow, 0);
        quota.nextPermitNanos(slow);
        assertThat(quota.intervalNanos(slow)).isEqualTo(10 * SECOND);
    }

    /** Idle for less than a minute, the level comes down a step for each 5 s, the slots kept. */
    @Test
    void idleTimeBringsTheLevelDownAStepForEachFiveSeconds() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 4);
        assertThat(quota.intervalNanos(now)).isEqualTo(10 * SECOND);

        quota.nextPermitNanos(now + 11 * SECOND);
        assertThat(quota.intervalNanos(now + 11 * SECOND)).isEqualTo(2_500 * MILLI);
    }

    /**
     * A slot missed by more than its tolerance is gone, for the hint as for the permit: the hint once
     * said "now" from a spacing gate long past while the permit was refused, and the dispatcher took,
     * rendered and put back its batches at every wake-up until the next slot.
     */
    @Test
    void theHintNeverSaysNowWhenThePermitWouldBeRefused() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        acquire(quota, 0);
        quota.answered(0);
        quota.throttled(0, 0);
        for (long now = 0; now < 20 * SECOND; now += 50 * MILLI) {
            long hint = quota.nextPermitNanos(now);
            if (hint - now <= 0) {
                acquire(quota, now);
                quota.answered(now);
                quota.accepted(now);
            }
        }
    }

    /** Sends {@code times} messages as soon as the quota allows, each answered 429 at once; returns the last one's time. */
    private static long throttledInARow(SpaceQuota quota, int times) {
        long now = 0;
        for (int i = 0; i < times; i++) {
            now = waitForPermit(quota, now);
            acquire(quota, now);
            quota.answered(now);
            quota.throttled(now, 0);
        }
        return now;
    }

    /**
     * Asks for a permit as a dispatcher holding work does: again when it said, and at least once a
     * second, until one is free.
     */
    private static long waitForPermit(SpaceQuota quota, long from) {
        long now = from;
        for (long next = quota.nextPermitNanos(now); next - now > 0; next = quota.nextPermitNanos(now)) {
            now = Math.min(next, now + SECOND);
        }
        return now;
    }

    @Test
    void aRetryAfterLongerThanTheSlotIsHonoured() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        acquire(quota, 0);
        quota.answered(0);

        quota.throttled(0, 30 * SECOND);

        assertThat(quota.nextPermitNanos(SECOND))
                .isBetween(30 * SECOND - SECOND / 10, 30 * SECOND + quota.intervalNanos(0));
    }

    /** A sender about to stop waits for neither slot nor pause: its last digest would otherwise be lost for certain. */
    @Test
    void aStoppingSenderKeepsTheConfiguredSpacingOnly() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        acquire(quota, 0);
        quota.answered(0);
        quota.throttled(0, 30 * SECOND);

        assertThat(quota.tryAcquire(SECOND / 2, true)).isEqualTo(SECOND / 2);
        assertThat(quota.tryAcquire(SECOND, true)).isZero();
    }

    @Test
    void appendersOfOneSpaceShareItsQuotaAndTheSlowestRateWinsWhileItRuns() {
        SpaceQuota fast = SpaceQuota.join("test-host:1/spaces/SHARED", 10);
        SpaceQuota slow = SpaceQuota.join("test-host:1/spaces/SHARED", 1);
        try {
            assertThat(slow).isSameAs(fast);
            assertThat(fast.intervalNanos(0)).isEqualTo(SECOND);
            acquire(fast, 0);
            assertThat(slow.nextPermitNanos(0)).isEqualTo(SECOND);

            slow.leave(1);
            assertThat(fast.intervalNanos(0)).isEqualTo(SECOND / 10);
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

    private static void acquire(SpaceQuota quota, long now) {
        assertThat(quota.tryAcquire(now)).as("a permit at %d", now).isZero();
    }
}
