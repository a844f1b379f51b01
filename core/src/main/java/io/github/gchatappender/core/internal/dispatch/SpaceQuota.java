package io.github.gchatappender.core.internal.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Google Chat's quota for one space, as this JVM sees it: every appender in this JVM (class loader)
 * that posts to the same space shares one, since Google counts 1 message per second per space across
 * all webhooks and apps. Sends are spaced evenly, without bursts. Waiting happens on the
 * dispatchers, never on callers.
 *
 * <p><b>Permits</b> are taken with {@link #tryAcquire}, one atomic "take a permit, or say when" at
 * the moment of sending: two dispatchers of the space never both pass.
 * <p><b>Other replicas</b> post to the same space from other JVMs, which this one cannot see. So
 * this JVM's share is learned from the 429s it gets ({@link SlotSchedule}): slots of the wall clock,
 * which every replica sees alike, of which a 429 takes this JVM a disjoint share, and after which the
 * space also waits Google's backoff. A JVM that never met a 429 sends its first messages at the
 * configured rate, then yields the slots that others hold.
 * <p><b>On stop</b> a sender may ask without waiting for its slot or the backoff (see
 * {@link #tryAcquire(long, boolean)}).
 * <p><b>Arrival, not sending</b>, is what Google counts, and a first request that opens the
 * connection arrives hundreds of milliseconds after it was sent. So the next message of the space
 * goes one interval after the previous one was sent <em>and</em> one interval after its answer, and
 * none goes while another is on its way.
 *
 * <p>When appenders of one space ask for different rates, the slowest wins. Times are the
 * dispatchers' nanosecond clocks, which in production are all {@code System.nanoTime()}.
 */
public final class SpaceQuota {

    private static final Map<String, SpaceQuota> SPACES = new HashMap<>();

    private final String space;
    private final SlotSchedule slots;
    /** The intervals the senders of this space asked for; the longest is kept. */
    private final List<Long> members = new ArrayList<>();

    private long configuredIntervalNanos;
    private long nextPermitNanos;
    private boolean used;
    /** Messages of the space sent and not yet answered, failed or abandoned. */
    private int inFlight;
    /** After a 429: no message before then, but for a sender that is stopping. */
    private long pausedUntilNanos;

    private boolean paused;
    /** The message last taken went with the fleet store's permit: its answer teaches the slots nothing. */
    private boolean fromFleet;

    private SpaceQuota(String space, long intervalNanos, DoubleSupplier random, LongSupplier wallOffsetNanos) {
        this.space = space;
        this.configuredIntervalNanos = intervalNanos;
        this.slots = new SlotSchedule(random, wallOffsetNanos);
    }

    /**
     * The quota of {@code space} for one more sender, which asks for {@code messagesPerSecond};
     * the sender calls {@link #leave(double)} with the same rate once when it stops.
     */
    public static SpaceQuota join(String space, double messagesPerSecond) {
        long interval = intervalOf(messagesPerSecond);
        synchronized (SPACES) {
            SpaceQuota quota = SPACES.computeIfAbsent(
                    space,
                    key -> new SpaceQuota(
                            key,
                            interval,
                            () -> ThreadLocalRandom.current().nextDouble(),
                            SpaceQuota::systemWallOffsetNanos));
            quota.add(interval);
            return quota;
        }
    }

    /**
     * A quota of its own, shared with no one, as a JVM of its own has; for tests and simulations.
     *
     * @param wallOffsetNanos the wall clock's epoch nanoseconds minus the dispatcher's clock: where its
     *     slots fall (see {@link SlotSchedule})
     */
    public static SpaceQuota unshared(double messagesPerSecond, DoubleSupplier random, LongSupplier wallOffsetNanos) {
        SpaceQuota quota = new SpaceQuota(null, intervalOf(messagesPerSecond), random, wallOffsetNanos);
        quota.add(quota.configuredIntervalNanos);
        return quota;
    }

    /** {@link #unshared(double, DoubleSupplier, LongSupplier)} on a wall clock that is the dispatcher's. */
    public static SpaceQuota unshared(double messagesPerSecond, DoubleSupplier random) {
        return unshared(messagesPerSecond, random, () -> 0);
    }

    /** {@link #unshared(double, DoubleSupplier)} with a fixed phase, half of its range. */
    public static SpaceQuota unshared(double messagesPerSecond) {
        return unshared(messagesPerSecond, () -> 0.5);
    }

    /**
     * The wall clock's epoch nanoseconds minus {@link System#nanoTime()}, to within a microsecond: where
     * the slots that replicas share fall on this JVM's clock.
     */
    public static long systemWallOffsetNanos() {
        Instant wall = Clock.systemUTC().instant();
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - System.nanoTime();
    }

    private static long intervalOf(double messagesPerSecond) {
        return (long) Math.ceil(1_000_000_000d / messagesPerSecond);
    }

    private synchronized void add(long interval) {
        members.add(interval);
        configuredIntervalNanos = Collections.max(members);
    }

    /** A sender of the space that joined with {@code messagesPerSecond} stopped; the space is forgotten when none is left. */
    public void leave(double messagesPerSecond) {
        synchronized (SPACES) {
            synchronized (this) {
                if (!members.remove(Long.valueOf(intervalOf(messagesPerSecond)))) {
                    return;
                }
                if (!members.isEmpty()) {
                    configuredIntervalNanos = Collections.max(members);
                } else if (space != null) {
                    SPACES.remove(space, this);
                }
            }
        }
    }

    /** The interval between messages at {@code now}: the configured one, or longer once a 429 has cut the share. */
    public synchronized long intervalNanos(long now) {
        return slots.periodNanos(configuredIntervalNanos);
    }

    /** This JVM's share of the space at {@code now}, in messages per second. */
    public synchronized double messagesPerSecond(long now) {
        return 1e9 / intervalNanos(now);
    }

    /**
     * The earliest time at which the next message may go; while one is on its way, at least an
     * interval from now. Only a hint for planning and sleeping: {@link #tryAcquire} decides.
     */
    public synchronized long nextPermitNanos(long now) {
        return nextPermitNanos(now, false);
    }

    /** @param stopping true for a sender about to stop, which waits for no slot (see {@link #tryAcquire(long, boolean)}) */
    public synchronized long nextPermitNanos(long now, boolean stopping) {
        return nextPermitNanos(now, stopping, false);
    }

    /** @param fleetStore true while a fleet store gives the permits: the learned slots are set aside */
    synchronized long nextPermitNanos(long now, boolean stopping, boolean fleetStore) {
        slots.asked(now, configuredIntervalNanos);
        long earliest = earliest(now, stopping);
        if (stopping || fleetStore || !slots.onGrid(now, configuredIntervalNanos)) {
            return earliest;
        }
        // From now at the earliest, as tryAcquire looks: a slot missed by more than the tolerance is
        // gone. Counted from a gate in the past, it would say "now" over and over while tryAcquire
        // refuses, and the dispatcher would take, render and put back its batches at every wake-up.
        long from = earliest - now > 0 ? earliest : now;
        long slot = slots.slotAtOrAfter(from - SlotSchedule.TOLERANCE_NANOS, configuredIntervalNanos);
        return slot - from > 0 ? slot : from;
    }

    /** The spacing gate, and the pause after a 429 but for a sender that is stopping. */
    private long earliest(long now, boolean stopping) {
        long gate = spacingGate(now);
        return !stopping && paused && pausedUntilNanos - gate > 0 ? pausedUntilNanos : gate;
    }

    /** One configured interval after the previous send and answer, and none while one is on its way. */
    private long spacingGate(long now) {
        if (!used) {
            return now;
        }
        long interval = configuredIntervalNanos;
        return inFlight > 0 && now + interval - nextPermitNanos > 0 ? now + interval : nextPermitNanos;
    }

    /**
     * Takes the permit for a message sent at {@code now}, if the space allows one now; the message is
     * then on its way until {@link #answered}.
     *
     * @return 0 if the permit was taken, otherwise how many nanoseconds until one may be
     */
    public synchronized long tryAcquire(long now) {
        return tryAcquire(now, false);
    }

    /**
     * {@link #tryAcquire(long)}; for a sender that is stopping, without waiting for a slot or for the
     * pause after a 429: its last messages would otherwise be lost at its deadline for certain, and a
     * 429 costs them no more. The configured spacing still holds.
     */
    public synchronized long tryAcquire(long now, boolean stopping) {
        return tryAcquire(now, stopping, false);
    }

    /**
     * {@link #tryAcquire(long, boolean)}; with {@code fleetPermit}, the fleet store's permit already taken
     * (see {@link FleetLink#takePermit}), in place of the learned slots: only the spacing and the pause
     * after a 429 hold the message back, and its answer teaches the slots nothing, since the fleet's
     * quota, not this JVM's share, decided when it went.
     */
    synchronized long tryAcquire(long now, boolean stopping, boolean fleetPermit) {
        slots.asked(now, configuredIntervalNanos);
        if (earliest(now, stopping) - now > 0) {
            return Math.max(1, nextPermitNanos(now, stopping, fleetPermit) - now);
        }
        fromFleet = fleetPermit;
        if (fleetPermit) {
            // The slots are set aside, and stay as they were for when the store fails.
        } else if (!stopping && slots.onGrid(now, configuredIntervalNanos)) {
            long slot = slots.slotAtOrAfter(now - SlotSchedule.TOLERANCE_NANOS, configuredIntervalNanos);
            if (slot - now > 0) {
                return slot - now;
            }
            slots.granted(now, true);
        } else {
            slots.granted(now, false);
        }
        nextPermitNanos = now + configuredIntervalNanos;
        used = true;
        inFlight++;
        return 0;
    }

    /**
     * A sender of the space holds messages at {@code now} that wait for their Chat thread's next update:
     * its storm goes on, and the time is no idle time for the learned schedule.
     */
    public synchronized void holding(long now) {
        slots.busy(now);
    }

    /** A message taken by {@link #tryAcquire} was answered, failed or abandoned at {@code now}. */
    public synchronized void answered(long now) {
        slots.busy(now); // The time on its way was no idle time.
        inFlight = Math.max(0, inFlight - 1);
        if (now + configuredIntervalNanos - nextPermitNanos > 0) {
            nextPermitNanos = now + configuredIntervalNanos;
        }
    }

    /** The message last taken was accepted: after enough in a row, the share grows. */
    public synchronized void accepted(long now) {
        if (!fromFleet) {
            slots.accepted(configuredIntervalNanos);
        }
    }

    /**
     * Google answered 429 at {@code now} to the message last taken: the share is cut and the slot
     * moves (see {@link SlotSchedule}); the next message waits at least {@code minPauseNanos}
     * (Google's backoff, or the server's {@code Retry-After}).
     */
    public synchronized void throttled(long now, long minPauseNanos) {
        if (!fromFleet) {
            slots.throttled(configuredIntervalNanos);
        }
        pausedUntilNanos = now + minPauseNanos;
        paused = true;
    }
}
