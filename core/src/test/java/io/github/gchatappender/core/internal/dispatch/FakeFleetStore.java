package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet store whose answers the test sets, for the dispatcher's side of the contract: what it does with
 * each answer, and with a store that fails. The store itself is tested against a real Redis in
 * {@code gchat-appender-redis}.
 */
final class FakeFleetStore implements FleetStore {

    /** What {@link #touchIncident} answers: whether this replica opened the incident. */
    boolean opens = true;
    /** What {@link #claimResolvedNote} answers: 0 this replica posts the note, less another does. */
    long claims;
    /** What {@link #tryTakePermit} answers. */
    long permitWaitNanos;
    /** When set, every call throws this. */
    FleetStoreException failure;

    final List<String> calls = new ArrayList<>();

    @Override
    public long tryTakePermit(String space, long intervalNanos) {
        record("permit");
        return permitWaitNanos;
    }

    @Override
    public boolean touchIncident(String space, String threadKey, long quietMillis) {
        record("touch " + threadKey);
        return opens;
    }

    @Override
    public long claimResolvedNote(String space, String threadKey, long quietMillis) {
        record("claim " + threadKey);
        return claims;
    }

    private void record(String call) {
        calls.add(call);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "redis://****@store.internal:6379";
    }
}
