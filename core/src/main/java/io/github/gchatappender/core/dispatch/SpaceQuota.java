package io.github.gchatappender.core.dispatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Chat's quota for one space: every appender in this JVM (class loader) that posts to the
 * same space shares one, since Google counts 1 message per second per space across all webhooks and
 * apps. Sends are spaced evenly, without bursts; a 429 pauses the whole space, so no appender
 * keeps knocking while another backs off. Waiting happens on the dispatchers, never on callers.
 *
 * <p>Google counts a message when it arrives, which can be any time before its answer: a first
 * request that opens the connection arrives hundreds of milliseconds after it was sent. So the next
 * message of the space goes one interval after the previous one was sent <em>and</em> one interval
 * after its answer, and none goes while another is on its way. Over loopback this costs nothing; over
 * a 200 ms network it makes one message every 1.2 s instead of every second.
 *
 * <p>When appenders of one space ask for different rates, the slowest wins. Times are the
 * dispatchers' nanosecond clocks, which in production are all {@code System.nanoTime()}.
 */
public final class SpaceQuota {

    private static final Map<String, SpaceQuota> SPACES = new HashMap<>();

    private final String space;
    /** The intervals the senders of this space asked for; the longest is kept. */
    private final List<Long> members = new ArrayList<>();
    private long intervalNanos;
    private long nextPermitNanos;
    private boolean used;
    /** Messages of the space sent and not yet answered, failed or abandoned. */
    private int inFlight;

    private SpaceQuota(String space, long intervalNanos) {
        this.space = space;
        this.intervalNanos = intervalNanos;
    }

    /**
     * The quota of {@code space} for one more sender, which asks for {@code messagesPerSecond};
     * the sender calls {@link #leave(double)} with the same rate once when it stops.
     */
    public static SpaceQuota join(String space, double messagesPerSecond) {
        long interval = intervalOf(messagesPerSecond);
        synchronized (SPACES) {
            SpaceQuota quota = SPACES.computeIfAbsent(space, key -> new SpaceQuota(key, interval));
            quota.add(interval);
            return quota;
        }
    }

    /** A quota of its own, shared with no one; for tests. */
    public static SpaceQuota unshared(double messagesPerSecond) {
        SpaceQuota quota = new SpaceQuota(null, intervalOf(messagesPerSecond));
        quota.add(quota.intervalNanos);
        return quota;
    }

    private static long intervalOf(double messagesPerSecond) {
        return (long) Math.ceil(1_000_000_000d / messagesPerSecond);
    }

    private synchronized void add(long interval) {
        members.add(interval);
        intervalNanos = Collections.max(members);
    }

    /** A sender of the space that joined with {@code messagesPerSecond} stopped; the space is forgotten when none is left. */
    public void leave(double messagesPerSecond) {
        synchronized (SPACES) {
            synchronized (this) {
                if (!members.remove(Long.valueOf(intervalOf(messagesPerSecond)))) {
                    return;
                }
                if (!members.isEmpty()) {
                    intervalNanos = Collections.max(members);
                } else if (space != null) {
                    SPACES.remove(space, this);
                }
            }
        }
    }

    public synchronized long intervalNanos() {
        return intervalNanos;
    }

    /** The earliest time at which the next message may go; while one is on its way, at least an interval from now. */
    public synchronized long nextPermitNanos(long now) {
        if (!used) {
            return now;
        }
        return inFlight > 0 && now + intervalNanos - nextPermitNanos > 0 ? now + intervalNanos : nextPermitNanos;
    }

    /** Takes the permit for a message sent at {@code now}; the message is on its way until {@link #answered}. */
    public synchronized void acquire(long now) {
        long start = used && nextPermitNanos - now > 0 ? nextPermitNanos : now;
        nextPermitNanos = start + intervalNanos;
        used = true;
        inFlight++;
    }

    /** A message taken by {@link #acquire} was answered, failed or abandoned at {@code now}. */
    public synchronized void answered(long now) {
        inFlight = Math.max(0, inFlight - 1);
        if (now + intervalNanos - nextPermitNanos > 0) {
            nextPermitNanos = now + intervalNanos;
        }
    }

    /** Holds every sender of the space until {@code until} (after a 429). */
    public synchronized void pauseUntil(long until) {
        if (!used || until - nextPermitNanos > 0) {
            nextPermitNanos = until;
            used = true;
        }
    }
}
