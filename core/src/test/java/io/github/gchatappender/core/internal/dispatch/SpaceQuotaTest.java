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

    /** 1.25 s: Google's second with a quarter more room, the same for every replica. */
    private static final long SLOT = 1_250 * MILLI;

    /**
     * The first 429 starts the schedule at level 3 (a slot in 8, 10 s apart) with a reservation drawn
     * at random; each further 429 in a held slot halves the rate.
     */
    @Test
    void a429StartsTheScheduleAtASlotInEightAndEachFurther429InAHeldSlotHalvesTheRate() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        acquire(quota, 0);
        quota.answered(SECOND / 10);

        quota.throttled(SECOND / 10, 0);
        assertThat(quota.intervalNanos(SECOND)).isEqualTo(8 * SLOT);
        long slot = waitForPermit(quota, SECOND);
        acquire(quota, slot);
        quota.answered(slot + SECOND / 10);
        quota.throttled(slot + SECOND / 10, 0);
        assertThat(quota.intervalNanos(slot + SECOND)).isEqualTo(16 * SLOT);
    }

    /** Slots fall on the wall clock, whatever the JVM's own clock says: replicas share them without talking. */
    @Test
    void slotsFallOnTheWallClockSoReplicasWithOtherMonotonicClocksShareThem() {
        long wallAhead = 7_777 * SECOND + 123 * MILLI;
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5, () -> wallAhead);
        acquire(quota, 0);
        quota.answered(0);
        quota.throttled(0, 0);

        long slot = waitForPermit(quota, 0);
        acquire(quota, slot);
        assertThat(Math.floorMod(slot + wallAhead, SLOT)).isZero();
        // Level 3, drawn at 0.5: the slots k with k mod 8 = 4.
        assertThat(Math.floorMod((slot + wallAhead) / SLOT, 8L)).isEqualTo(4);
    }

    /**
     * Two replicas that hold the same slots: the one answered 429 keeps the half without the slot of the
     * 429. The other keeps everything until it loses a tie there, and then keeps the other half: from
     * then on they never meet again.
     */
    @Test
    void twoReplicasThatCollidePartForGoodWithinTwoOfTheirCollisions() {
        SpaceQuota a = SpaceQuota.unshared(1, () -> 0.5);
        SpaceQuota b = SpaceQuota.unshared(1, () -> 0.5);
        throttledInARow(a, 1);
        throttledInARow(b, 1);
        long now = 2 * SECOND;
        long slotA = waitForPermit(a, now);
        long slotB = waitForPermit(b, now);
        assertThat(slotA).as("the same reservation").isEqualTo(slotB);

        acquire(a, slotA); // A's message arrives first: accepted; B's is answered 429.
        acquire(b, slotB);
        answer(a, slotA, true);
        answer(b, slotB, false);
        long nextB = waitForPermit(b, slotB + SECOND);
        long nextA = waitForPermit(a, slotA + SECOND);
        assertThat(nextB).as("B's half without the slot of the 429").isEqualTo(slotB + 8 * SLOT);
        assertThat(nextA).as("A still holds the whole").isEqualTo(slotA + 8 * SLOT);

        acquire(a, nextA); // This time B wins the tie.
        acquire(b, nextB);
        answer(b, nextB, true);
        answer(a, nextA, false);

        java.util.Set<Long> slotsOfA = new java.util.HashSet<>();
        java.util.Set<Long> slotsOfB = new java.util.HashSet<>();
        long fromA = nextA + SECOND;
        long fromB = nextB + SECOND;
        for (int i = 0; i < 20; i++) {
            fromA = waitForPermit(a, fromA);
            slotsOfA.add(fromA);
            acquire(a, fromA);
            answer(a, fromA, true);
            fromA += SECOND;
            fromB = waitForPermit(b, fromB);
            slotsOfB.add(fromB);
            acquire(b, fromB);
            answer(b, fromB, true);
            fromB += SECOND;
        }
        assertThat(slotsOfA).doesNotContainAnyElementsOf(slotsOfB);
        assertThat(a.intervalNanos(fromA)).isEqualTo(16 * SLOT);
        assertThat(b.intervalNanos(fromB)).isEqualTo(16 * SLOT);
    }

    /**
     * After 32 messages in a row, one probe of the sibling half goes 125 ms into its slot, so that it loses
     * a tie against a replica that holds it. Answered 429, the level stays; accepted, the halves join.
     */
    @Test
    void aProbeGoesLateIntoTheSiblingSlotAndJoinsTheHalvesOnlyIfAccepted() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 2) + SECOND; // Level 4: 20 s.
        for (int i = 0; i < 32; i++) {
            now = waitForPermit(quota, now);
            acquire(quota, now);
            answer(quota, now, true);
            now += SECOND;
        }
        long probe = waitForPermit(quota, now);
        assertThat(Math.floorMod(probe, SLOT)).isEqualTo(125 * MILLI);
        acquire(quota, probe);
        answer(quota, probe, false);
        assertThat(quota.intervalNanos(probe)).as("a lost probe costs nothing").isEqualTo(16 * SLOT);

        now = probe + SECOND;
        for (int i = 0; i < 32; i++) {
            now = waitForPermit(quota, now);
            acquire(quota, now);
            answer(quota, now, true);
            now += SECOND;
        }
        probe = waitForPermit(quota, now);
        acquire(quota, probe);
        answer(quota, probe, true);
        assertThat(quota.intervalNanos(probe)).isEqualTo(8 * SLOT);
    }

    /**
     * A sender that has met no 429 sends five messages at the configured rate, the first alerts of a new
     * storm; then it goes 125 ms into the next slot, where it yields to replicas that hold slots and
     * meets the 429 that puts it on the schedule. A slot without a message starts a new burst.
     */
    @Test
    void aSenderThatMetNo429GoesAtTheConfiguredRateForFiveThenLateInTheSlots() {
        SpaceQuota quota = SpaceQuota.unshared(1);
        long now = 100 * SLOT;
        for (int i = 0; i < 5; i++) {
            assertThat(quota.nextPermitNanos(now)).isEqualTo(now);
            acquire(quota, now);
            quota.answered(now);
            now += SECOND;
        }
        long late = quota.nextPermitNanos(now);
        assertThat(Math.floorMod(late, SLOT)).isEqualTo(125 * MILLI);
        acquire(quota, late);
        quota.answered(late);

        long afterAQuietSlot = late + 3 * SLOT;
        assertThat(quota.nextPermitNanos(afterAQuietSlot)).isLessThanOrEqualTo(afterAQuietSlot);
    }

    /**
     * Ten 429s in a row (another sender flooding the space) drive the level to the top: 640 s between
     * slots. While a sender waits for its slot, or holds messages for their threads' next updates, time
     * alone brings nothing down (a fleet's replicas would collide again); once no sender has asked for a
     * permit for 50 s (ten steps of 5 s), the slots are forgotten and the next message goes at once, as it
     * did before the flood.
     */
    @Test
    void aFloodDrivesTheLevelToTheTopAndIdleTimeForgetsIt() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 10);
        assertThat(quota.intervalNanos(now)).isEqualTo(512 * SLOT);

        long busy = now;
        for (int i = 0; i < 60; i++) {
            busy += SECOND;
            quota.nextPermitNanos(busy);
        }
        for (int i = 0; i < 60; i++) {
            busy += SECOND;
            quota.holding(busy);
        }
        assertThat(quota.intervalNanos(busy)).as("waiting or holding, not idle").isEqualTo(512 * SLOT);

        long idle = busy + 50 * SECOND;
        assertThat(quota.nextPermitNanos(idle)).isLessThanOrEqualTo(idle);
        acquire(quota, idle);
        assertThat(quota.intervalNanos(idle)).isEqualTo(SECOND);
    }

    /** A message on its way is no idle time, however long its answer takes: a slow 429 is not forgotten. */
    @Test
    void aSlowAnswerIsNoIdleTime() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 2);
        assertThat(quota.intervalNanos(now)).isEqualTo(16 * SLOT);

        now = waitForPermit(quota, now + SECOND);
        acquire(quota, now);
        quota.answered(now + 6 * SECOND);
        quota.accepted(now + 6 * SECOND);
        quota.nextPermitNanos(now + 6 * SECOND);
        assertThat(quota.intervalNanos(now + 6 * SECOND)).isEqualTo(16 * SLOT);

        long next = waitForPermit(quota, now + 6 * SECOND);
        acquire(quota, next);
        long slow = next + 20 * SECOND;
        quota.answered(slow);
        quota.throttled(slow, 0);
        quota.nextPermitNanos(slow);
        assertThat(quota.intervalNanos(slow)).isEqualTo(32 * SLOT);
    }

    /** Idle for less than the whole ladder, the level comes down a step for each 5 s, the slots kept. */
    @Test
    void idleTimeBringsTheLevelDownAStepForEachFiveSeconds() {
        SpaceQuota quota = SpaceQuota.unshared(1, () -> 0.5);
        long now = throttledInARow(quota, 4);
        assertThat(quota.intervalNanos(now)).isEqualTo(64 * SLOT);

        quota.nextPermitNanos(now + 11 * SECOND);
        assertThat(quota.intervalNanos(now + 11 * SECOND)).isEqualTo(16 * SLOT);
    }

    private static void answer(SpaceQuota quota, long now, boolean accepted) {
        quota.answered(now);
        if (accepted) {
            quota.accepted(now);
        } else {
            quota.throttled(now, 0);
        }
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
