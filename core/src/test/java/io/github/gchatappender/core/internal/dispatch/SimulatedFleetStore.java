package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.fleet.FleetStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Redis fleet store as {@code gchat-appender-redis} keeps it, on the simulation's virtual clock and
 * without a round trip: a token bucket of capacity 1 per space, refilled greedily (a permit at least an
 * interval after the last one), and per thread an incident that lives for the quiet period after its last
 * touch and a resolved note claimed once per incident. Shared by the simulation's replicas, as one Redis is.
 */
final class SimulatedFleetStore implements FleetStore {

    private final LongSupplier clock;
    private final Map<String, Long> nextPermit = new HashMap<>();
    private final Map<String, Long> incidentUntil = new HashMap<>();
    private final Map<String, Long> noteClaimedUntil = new HashMap<>();

    SimulatedFleetStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public long tryTakePermit(String space, long intervalNanos) {
        long now = clock.getAsLong();
        Long next = nextPermit.get(space);
        if (next != null && next - now > 0) {
            return next - now;
        }
        nextPermit.put(space, now + intervalNanos);
        return 0;
    }

    @Override
    public boolean touchIncident(String space, String threadKey, long quietMillis) {
        long now = clock.getAsLong();
        String key = space + "/" + threadKey;
        Long until = incidentUntil.get(key);
        incidentUntil.put(key, now + TimeUnit.MILLISECONDS.toNanos(quietMillis));
        if (until == null || until - now <= 0) {
            noteClaimedUntil.remove(key);
            return true;
        }
        return false;
    }

    @Override
    public long claimResolvedNote(String space, String threadKey, long quietMillis) {
        long now = clock.getAsLong();
        String key = space + "/" + threadKey;
        Long until = incidentUntil.get(key);
        if (until != null && until - now > 0) {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now));
        }
        Long claimed = noteClaimedUntil.get(key);
        if (claimed != null && claimed - now > 0) {
            return -1;
        }
        noteClaimedUntil.put(key, now + 12 * TimeUnit.MILLISECONDS.toNanos(quietMillis));
        return 0;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "simulated store";
    }
}
