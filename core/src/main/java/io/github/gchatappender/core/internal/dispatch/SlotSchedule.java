package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.GoogleChatLimits;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * When this JVM may post to a space that other replicas share, learned from Google's answers alone:
 * no shared store, no leader, no message between replicas. What the replicas share without talking is
 * the wall clock, which NTP keeps within tens of milliseconds on servers; so slots of the wall clock
 * are the same for all of them ("reservation ALOHA", with musical chairs' rule that a replica which
 * succeeds keeps its seat).
 *
 * <p><b>The grid.</b> Slot {@code k} starts {@code k × 1.25 s} after the epoch: Google's second per
 * space with a quarter more, so that messages of neighbouring slots never arrive within a second of
 * each other, whatever the clocks' offsets and the network's jitter. A message goes at its slot's
 * start, or up to {@link #TOLERANCE_NANOS 50 ms} late.
 *
 * <p><b>Before any 429</b> a sender goes at the configured rate for {@value #FREE_BURST} messages in a
 * row (the first alerts of a storm, at once); then it goes {@value #PROBE_DELAY} s into the next slot,
 * where a replica that holds the slot wins the tie and the sender meets the 429 that puts it on the
 * schedule. So a sender that never met a 429 does not keep the space from the others. A slot without
 * a message starts a new burst.
 *
 * <p><b>A reservation</b> is the slots {@code k ≡ p (mod 2^level)}; two replicas with disjoint ones
 * never collide, whatever their levels.
 * <ul>
 * <li><b>The first 429</b> takes a reservation at level {@value #FIRST_LEVEL}, a slot in eight, drawn
 * at random: a fleet's replicas meet their first 429 together, and a slot in eight parts most of
 * them at once.
 * <li><b>A 429 in a held slot</b> means another replica holds it too: the schedule keeps the half of
 * its reservation without that slot (one level up, half the rate). The replica that won keeps the
 * whole until it loses a tie in that half, and then keeps the other half: two replicas that collide
 * part for good within two of their collisions.
 * <li><b>Success keeps the slots</b>, through a storm and the holds of pacing. After
 * {@value #PROBE_AFTER} messages in a row, one probe of the sibling half goes {@value #PROBE_DELAY} s
 * into its slot: a holder of that slot arrives first and wins, and an accepted probe still leaves the
 * next slot's second intact. Accepted, the halves join (one level down); answered 429, nothing changes.
 * <li><b>The level comes down with idle time</b>: one step for each {@link #IDLE_STEP_NANOS 5 s} in
 * which no sender of this JVM asked for a permit, held a message for its thread's next update, or
 * waited for an answer. A replica whose storm is over, or one that a flood by another sender drove up,
 * finds the space again within a minute of idleness. Below the lowest level (0, or higher for a
 * configured rate below a slot's), the schedule is forgotten.
 * </ul>
 * A 429 is cheap here: the message waits and goes later (see {@link Dispatcher}); what this schedule
 * saves is the space's quota and Google's patience. At most {@value #MAX_LEVEL} levels: a slot in 512,
 * 640 s apart. Not thread-safe: guarded by its {@link SpaceQuota}.
 */
final class SlotSchedule {

    /** Room between neighbouring slots, as a fraction of Google's interval. */
    static final double MARGIN = 0.25;
    /**
     * How far into a slot a probe goes, as a fraction of Google's interval: after a holder's message
     * (sent at the slot's start, up to the tolerance late, give or take 20 ms of clock offset each way
     * and the network's jitter), and early enough that the next slot's holder still arrives a whole
     * interval after it.
     */
    static final double PROBE_DELAY = 0.125;

    /** How late after its start a slot may still be used: what a dispatcher that wakes late may need. */
    static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * Messages a sender that has met no 429 sends at the configured rate before it goes on the grid:
     * the first messages of a few new kinds at once, as fast as a sender alone may post them. A slot
     * without a message starts a new burst.
     */
    static final int FREE_BURST = 5;

    /** The level of the first reservation: a slot in eight. */
    static final int FIRST_LEVEL = 3;

    static final int MAX_LEVEL = 9;
    /**
     * Messages in a row before a probe. Fewer make a fleet's probes collide more: in the simulation
     * of 32 replicas, 16 gave 10.5% of requests answered 429 after the first minute, 32 gave 7.9%.
     */
    static final int PROBE_AFTER = 32;
    /** Idle time that brings the level down a step. */
    static final long IDLE_STEP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * A gap longer than this between two asks for a permit is idle time: a dispatcher holding work
     * asks at least once a second (see {@link Dispatcher}).
     */
    static final long IDLE_GAP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DoubleSupplier random;
    /** The wall clock's epoch nanoseconds minus the monotonic clock's: turns a slot into a dispatcher's time. */
    private final LongSupplier wallOffsetNanos;

    private boolean learned;
    /** The reservation: the slots {@code k ≡ reservation (mod 2^level)}. */
    private int level;

    private long reservation;
    /** The next sibling slot may be probed. */
    private boolean probeDue;
    /** Whether the slot last found by {@link #slotAtOrAfter} is a probe, and the slot last granted. */
    private boolean foundProbe;

    private long foundIndex;
    private boolean grantedProbe;
    private long grantedIndex;
    /** Messages sent off the grid in a row, and when the last message went. */
    private int freeInARow;

    private long grantedNanos;
    private boolean everGranted;
    private int successesInARow;
    /** When a sender last asked for a permit. */
    private long askedNanos;
    /** Idle time since the last 429, not yet spent on a step down. */
    private long idleNanos;

    SlotSchedule(DoubleSupplier random, LongSupplier wallOffsetNanos) {
        this.random = random;
        this.wallOffsetNanos = wallOffsetNanos;
    }

    /** True once a 429 has been seen, and not yet forgotten: messages then go in slots. */
    boolean learned() {
        return learned;
    }

    /**
     * A sender asks for a permit at {@code now}, to send or to wait for: the gap since the last ask,
     * if longer than {@link #IDLE_GAP_NANOS}, was idle, and brings the level down a step for each
     * {@link #IDLE_STEP_NANOS}; below level 0 the schedule is forgotten. So a replica that sent
     * nothing for an hour finds it forgotten at its next alert.
     */
    void asked(long now, long intervalNanos) {
        long gap = now - askedNanos;
        askedNanos = now;
        if (!learned || gap <= IDLE_GAP_NANOS) {
            return;
        }
        idleNanos += gap;
        while (learned && idleNanos >= IDLE_STEP_NANOS) {
            idleNanos -= IDLE_STEP_NANOS;
            stepDown(intervalNanos);
        }
    }

    /**
     * A sender was busy with the space until {@code now} without asking: a message on its way, whose
     * answer may take the whole request timeout. That time is not idle.
     */
    void busy(long now) {
        askedNanos = now;
    }

    /** The time between this schedule's slots, or {@code intervalNanos} while nothing is learned. */
    long periodNanos(long intervalNanos) {
        return learned ? slotNanos(intervalNanos) << level : intervalNanos;
    }

    /**
     * A slot: Google's interval for a space, with the margin. The same for every replica whatever rate
     * it is configured for, so that all share one grid; a slower configured rate holds fewer of its
     * slots. Only a rate above Google's (a test's, against a stand-in) makes slots of its own.
     */
    static long slotNanos(long intervalNanos) {
        long google = TimeUnit.SECONDS.toNanos(1) / GoogleChatLimits.MESSAGES_PER_SECOND_PER_SPACE;
        return (long) (Math.min(google, intervalNanos) * (1 + MARGIN));
    }

    /** The lowest level whose slots are at least the configured interval apart. */
    static int lowestLevel(long intervalNanos) {
        int level = 0;
        while (level < MAX_LEVEL && slotNanos(intervalNanos) << level < intervalNanos) {
            level++;
        }
        return level;
    }

    /** The first slot of the reservation, or due probe, that starts at or after {@code from}. */
    long slotAtOrAfter(long from, long intervalNanos) {
        long slot = slotNanos(intervalNanos);
        long offset = wallOffsetNanos.getAsLong();
        long delay = (long) (slot / (1 + MARGIN) * PROBE_DELAY);
        foundProbe = false;
        if (!learned) {
            // Late in any slot: see onGrid.
            return Math.floorDiv(from + offset - delay + slot - 1, slot) * slot + delay - offset;
        }
        foundIndex = next(from + offset, slot, reservation);
        long held = foundIndex * slot - offset;
        if (probeDue && level > lowestLevel(intervalNanos)) {
            long sibling = reservation ^ (1L << (level - 1));
            long probeIndex = next(from + offset - delay, slot, sibling);
            long probe = probeIndex * slot + delay - offset;
            if (probe - held < 0) {
                foundProbe = true;
                foundIndex = probeIndex;
                return probe;
            }
        }
        return held;
    }

    /** The first slot index at or after the wall time {@code wallNanos} in the class {@code ofClass}. */
    private long next(long wallNanos, long slot, long ofClass) {
        long first = Math.floorDiv(wallNanos + slot - 1, slot);
        return first + Math.floorMod(ofClass - first, 1L << level);
    }

    /**
     * Whether a message at {@code now} waits for a slot: once a 429 has been learned, and for a sender
     * that has met none, after {@value #FREE_BURST} messages in a row at the configured rate. There it
     * goes {@value #PROBE_DELAY} of an interval into any slot, as a probe does, so that it yields to the
     * replicas that hold slots; it never keeps the space from them, and meets the 429 that puts it on
     * the grid as soon as it takes a held slot.
     */
    boolean onGrid(long now, long intervalNanos) {
        if (learned) {
            return true;
        }
        if (everGranted && now - grantedNanos >= 2 * slotNanos(intervalNanos)) {
            freeInARow = 0; // A slot went by without a message: the burst is over.
        }
        return freeInARow >= FREE_BURST;
    }

    /** The message of the slot last found by {@link #slotAtOrAfter}, or of no slot, goes at {@code now}. */
    void granted(long now, boolean inSlot) {
        everGranted = true;
        grantedNanos = now;
        if (!inSlot) {
            freeInARow++;
        }
        grantedProbe = inSlot && foundProbe;
        grantedIndex = foundIndex;
        if (grantedProbe) {
            probeDue = false; // One probe on its way at a time.
        }
    }

    /** The last granted message was accepted. */
    void accepted(long intervalNanos) {
        if (!learned) {
            return;
        }
        if (grantedProbe) {
            stepDown(intervalNanos); // The sibling's slots were free: both halves are ours.
            return;
        }
        if (++successesInARow >= PROBE_AFTER && level > lowestLevel(intervalNanos)) {
            successesInARow = 0;
            probeDue = true;
        }
    }

    /** The last granted message was answered 429. */
    void throttled(long intervalNanos) {
        successesInARow = 0;
        idleNanos = 0;
        if (!learned) {
            learned = true;
            freeInARow = 0;
            level = Math.max(FIRST_LEVEL, lowestLevel(intervalNanos));
            reservation = (long) (random.getAsDouble() * (1L << level));
            return;
        }
        if (grantedProbe) {
            return; // Only the probe collided: the sibling is held, ours stays ours.
        }
        if (level < MAX_LEVEL) {
            // Keep the half without the slot of the 429: the replica that won it keeps using it, and
            // when it loses a tie there later, it keeps the other half; the two part for good.
            long hit = Math.floorMod(grantedIndex >> level, 2L);
            reservation |= (1 - hit) << level;
            level++;
        } else {
            reservation = (long) (random.getAsDouble() * (1L << level));
        }
    }

    /**
     * One level down: the sibling's slots joined to ours; below the lowest level for the configured
     * interval, the schedule is forgotten.
     */
    private void stepDown(long intervalNanos) {
        successesInARow = 0;
        probeDue = false;
        if (level <= lowestLevel(intervalNanos)) {
            learned = false;
            idleNanos = 0;
            return;
        }
        level--;
        reservation &= (1L << level) - 1;
    }

    int level() {
        return level;
    }
}
