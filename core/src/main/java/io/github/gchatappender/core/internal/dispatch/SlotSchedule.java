package io.github.gchatappender.core.internal.dispatch;

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
 * <li><b>A 429</b> means another replica posts there: the first one starts the schedule at level 0
 * (the configured interval with the room), each further one cuts the rate in half (one level up),
 * and the slot moves to a random phase, so that replicas which collided do not collide again.
 * <li><b>After {@value #PROBE_AFTER} messages in a row</b> the rate is raised one level, gradually:
 * the slots kept, and one more between each two of them, as a probe. A probe answered 429 only
 * takes the level back; the slots kept stay.
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

    private final DoubleSupplier random;
    private boolean learned;
    private int level;
    /** A slot: the others are a whole number of periods away. */
    private long anchorNanos;
    /** The level was just lowered: every other slot is a probe until one succeeds. */
    private boolean probing;

    private long grantedSlotNanos;
    private int successesInARow;

    SlotSchedule(DoubleSupplier random) {
        this.random = random;
    }

    /** True once a 429 has been seen: from then on messages go in slots. */
    boolean learned() {
        return learned;
    }

    /** The time between slots, or {@code intervalNanos} while nothing is learned. */
    long periodNanos(long intervalNanos) {
        return learned ? (long) (intervalNanos * (1 + MARGIN)) << level : intervalNanos;
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
            probing = false; // The slot between is ours too now.
        }
        if (++successesInARow >= PROBE_AFTER && level > 0) {
            level--;
            anchorNanos = grantedSlotNanos;
            probing = true;
            successesInARow = 0;
        }
    }

    /** The last granted message was answered 429 at {@code now}. */
    void throttled(long now, long intervalNanos) {
        successesInARow = 0;
        if (learned && isProbe(grantedSlotNanos, intervalNanos)) {
            // Only the probe collided: back to the slots kept.
            anchorNanos = grantedSlotNanos - periodNanos(intervalNanos);
            level++;
            probing = false;
        } else {
            if (learned) {
                level = Math.min(MAX_LEVEL, level + 1);
            }
            learned = true;
            probing = false;
            anchorNanos = now + (long) (random.getAsDouble() * periodNanos(intervalNanos));
        }
    }

    private boolean isProbe(long slotNanos, long intervalNanos) {
        return probing && Math.floorMod(Math.floorDiv(slotNanos - anchorNanos, periodNanos(intervalNanos)), 2L) == 1;
    }

    int level() {
        return level;
    }
}
