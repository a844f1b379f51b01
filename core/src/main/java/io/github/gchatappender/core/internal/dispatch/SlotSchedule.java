package io.github.gchatappender.core.internal.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * When this JVM may post to a space that other replicas share, learned from Google's answers alone:
 * no shared store, no leader, no clock but this JVM's own.
 *
 * <p>Until the first 429 there is no schedule: messages go at the configured rate. From the first
 * 429 on, messages go in slots, a period apart, at a phase of this JVM's own; the period is the
 * configured interval with a quarter more room (so that replicas' slots do not touch), doubled
 * once per level. Replicas that all keep their slots never collide, since their periods are powers
 * of two of one another and their phases do not drift.
 * <ul>
 * <li><b>A 429 in a kept slot</b> means another replica posts there: the first one starts the
 * schedule at level 0 (the configured interval with the room), each further one cuts the rate in
 * half (one level up), and the slot moves to a random phase, so that replicas which collided do not
 * collide again.
 * <li><b>The level comes down</b> one step after {@value #PROBE_AFTER} messages in a row, and one
 * step for each {@link #IDLE_STEP_NANOS 5 s} that no sender of this JVM wanted to post to the space
 * (asked for no permit, not even one to wait for). A replica that sends rarely, or whose storm is
 * over, then finds the space again within a minute of idleness, however high a flood by another
 * sender drove the level. A step down keeps the slots and adds one between each two as a probe; a
 * probe answered 429 only takes the level back, and the slots kept stay.
 * <li><b>While messages wait</b> for their slots, time alone brings nothing down: a fleet in a storm,
 * whose replicas each hold the slots they need, would only collide again. Its levels come down
 * with its messages, and when its storm is over.
 * <li><b>Below level 0</b> the schedule is forgotten: messages go at the configured rate again,
 * the first alert of a new kind without waiting for any slot.
 * </ul>
 * A 429 is cheap here: the message waits and goes later (see {@link Dispatcher}); what this
 * schedule saves is the space's quota and Google's patience. At most {@value #MAX_LEVEL} levels:
 * {@code 1.25 × 2^9 = 640} intervals between messages. Not thread-safe: guarded by its
 * {@link SpaceQuota}.
 */
final class SlotSchedule {

    /** Room between the slots of different replicas, as a fraction of the configured interval. */
    static final double MARGIN = 0.25;

    static final int MAX_LEVEL = 9;
    static final int PROBE_AFTER = 32;
    /** Idle time that brings the level down a step. */
    static final long IDLE_STEP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * A gap longer than this between two asks for a permit is idle time: a dispatcher holding work
     * asks at least once a second (see {@link Dispatcher}).
     */
    static final long IDLE_GAP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DoubleSupplier random;
    private boolean learned;
    /** The slots in use: a period of {@code 1.25 × 2^level} intervals. */
    private int level;
    /** The slots known to be free of others: those of this level; at a lower level, the others are probes. */
    private int keptLevel;
    /** A kept slot: the others are a whole number of kept periods away. */
    private long anchorNanos;

    private long grantedSlotNanos;
    private int successesInARow;
    /** When a sender last asked for a permit. */
    private long askedNanos;
    /** Idle time since the last 429, not yet spent on a step down. */
    private long idleNanos;

    SlotSchedule(DoubleSupplier random) {
        this.random = random;
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
    void asked(long now) {
        long gap = now - askedNanos;
        askedNanos = now;
        if (!learned || gap <= IDLE_GAP_NANOS) {
            return;
        }
        idleNanos += gap;
        while (learned && idleNanos >= IDLE_STEP_NANOS) {
            idleNanos -= IDLE_STEP_NANOS;
            stepDown();
        }
    }

    /**
     * A sender was busy with the space until {@code now} without asking: a message on its way, whose
     * answer may take the whole request timeout. That time is not idle.
     */
    void busy(long now) {
        askedNanos = now;
    }

    /** The time between slots, or {@code intervalNanos} while nothing is learned. */
    long periodNanos(long intervalNanos) {
        return period(level, intervalNanos);
    }

    private long period(int atLevel, long intervalNanos) {
        return learned ? (long) (intervalNanos * (1 + MARGIN)) << atLevel : intervalNanos;
    }

    /** The first slot at or after {@code from}. */
    long slotAtOrAfter(long from, long intervalNanos) {
        long period = periodNanos(intervalNanos);
        long periods = Math.floorDiv(from - anchorNanos + period - 1, period);
        return anchorNanos + periods * period;
    }

    /** The message of {@code slotNanos} goes now. */
    void granted(long slotNanos) {
        grantedSlotNanos = slotNanos;
    }

    /** The last granted message was accepted. */
    void accepted(long intervalNanos) {
        if (!learned) {
            return;
        }
        if (isProbe(grantedSlotNanos, intervalNanos)) {
            keptLevel = level; // The slots between are ours too now.
        }
        if (++successesInARow >= PROBE_AFTER && level > 0) {
            stepDown();
        }
    }

    /** The last granted message was answered 429 at {@code now}. */
    void throttled(long now, long intervalNanos) {
        successesInARow = 0;
        idleNanos = 0;
        if (learned && isProbe(grantedSlotNanos, intervalNanos)) {
            level = keptLevel; // Only the probe collided: back to the slots kept.
            return;
        }
        level = learned ? Math.min(MAX_LEVEL, level + 1) : 0;
        keptLevel = level;
        learned = true;
        anchorNanos = now + (long) (random.getAsDouble() * periodNanos(intervalNanos));
    }

    /** One level down, the slots kept and probes between them; below level 0, the schedule is forgotten. */
    private void stepDown() {
        successesInARow = 0;
        if (level == 0) {
            learned = false;
            keptLevel = 0;
            idleNanos = 0;
            return;
        }
        level--;
    }

    /** A slot of the current level that is not one of the kept level's. */
    private boolean isProbe(long slotNanos, long intervalNanos) {
        return level < keptLevel && Math.floorMod(slotNanos - anchorNanos, period(keptLevel, intervalNanos)) != 0;
    }

    int level() {
        return level;
    }
}
