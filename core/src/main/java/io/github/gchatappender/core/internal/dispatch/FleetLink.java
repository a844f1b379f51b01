package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fleet store as the dispatcher uses it ({@link FleetStore}): the fleet's permit for the space, who
 * posts a Chat thread's first message, who posts its resolved note; and what happens when the store
 * fails. Dispatcher thread only.
 *
 * <p><b>Events</b> are recorded at once ({@link #eventIn}, no I/O); the store hears of a thread at most
 * once a second ({@link #sync}), so that a storm costs a few calls a second, not one per event. The
 * first answer for a thread says whether this replica opened its incident (it posts the first message,
 * with the stack trace and the mentions) or joined one that another replica opened (its messages are
 * follow-ups that name this host).
 *
 * <p><b>Under failure</b> a call that throws, or answers later than the store's timeout (half a
 * second), marks the store down for {@link #RETRY_NANOS 5 s}: meanwhile every question answers
 * "unknown" at once, and the dispatcher goes on as a sender without a store does (the learned slots,
 * its own first messages and notes). So the fallback comes within a second of the failure, and the
 * store is used again at the first answer after it. Each outage is reported once, with the store's
 * masked address, and its end once.
 */
final class FleetLink {

    /** How long a store that failed is left alone before it is asked again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How often the store hears that a thread has new events. */
    static final long TOUCH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Calls of the store per {@link #sync}, so that a storm of many kinds delays the loop's sending by a
     * few round trips a step, not by one per kind; the rest wait for the next steps.
     */
    static final int MAX_TOUCHES_PER_SYNC = 8;
    /** Threads followed at once; the least recently active beyond are forgotten (see {@link ThreadPacing}). */
    static final int MAX_THREADS = 1000;

    /** A thread's incident as the fleet sees it. */
    enum Role {
        /** This replica opened it: it posts the first message. */
        OPENED,
        /** Another replica opened it: this one posts follow-ups. */
        JOINED
    }

    private static final class Followed {
        long lastEventNanos;
        long touchedNanos;
        boolean touched;
        Role role;
        /** This replica claimed the thread's note: a note put back to wait for a permit is still its own. */
        boolean noteClaimed;
    }

    private final FleetStore store;
    private final String space;
    private final long quietMillis;
    private final String address;
    private final Reports reports;
    private final Map<String, Followed> threads = new LinkedHashMap<String, Followed>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Followed> eldest) {
            return size() > MAX_THREADS;
        }
    };
    /** Threads whose incident another replica opened, since {@link #drainJoined}. */
    private final List<String> joined = new ArrayList<>();

    private boolean down;
    private long downUntilNanos;

    /**
     * @param space       the space's quota key: the same for every replica posting to it, and no secret
     * @param quietMillis how long the fleet must be quiet on a thread before its incident is over
     * @param address     the store's masked address, for status lines
     */
    FleetLink(FleetStore store, String space, long quietMillis, String address, Reports reports) {
        this.store = store;
        this.space = space;
        this.quietMillis = quietMillis;
        this.address = address;
        this.reports = reports;
    }

    /** An event of {@code threadKey} was folded at {@code now}: the store hears of it at the next {@link #sync}. */
    void eventIn(String threadKey, long now) {
        Followed thread = threads.computeIfAbsent(threadKey, key -> new Followed());
        thread.lastEventNanos = now;
        thread.noteClaimed = false; // The thread came back: a note claimed before is no longer this incident's.
    }

    /** Tells the store of the threads with new events, each at most once a second. */
    void sync(long now) {
        if (!available(now)) {
            return;
        }
        int calls = 0;
        for (Iterator<Map.Entry<String, Followed>> it = threads.entrySet().iterator();
                it.hasNext() && calls < MAX_TOUCHES_PER_SYNC; ) {
            Map.Entry<String, Followed> entry = it.next();
            Followed thread = entry.getValue();
            boolean due = !thread.touched
                    || (thread.lastEventNanos - thread.touchedNanos > 0
                            && now - thread.touchedNanos >= TOUCH_EVERY_NANOS);
            if (!due) {
                continue;
            }
            calls++;
            Boolean opened = call(now, () -> store.touchIncident(space, entry.getKey(), quietMillis));
            if (opened == null) {
                return;
            }
            thread.touched = true;
            thread.touchedNanos = now;
            if (thread.role == null) {
                thread.role = opened ? Role.OPENED : Role.JOINED;
                if (!opened) {
                    joined.add(entry.getKey());
                }
            }
        }
    }

    /** The threads whose incident another replica opened, since the last call; each once. */
    List<String> drainJoined() {
        if (joined.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> drained = new ArrayList<>(joined);
        joined.clear();
        return drained;
    }

    /** Whether this replica opened the thread's incident or joined it; null while the store has not said. */
    Role role(String threadKey) {
        Followed thread = threads.get(threadKey);
        return thread == null ? null : thread.role;
    }

    /**
     * Takes the fleet's permit for a message at {@code now}.
     *
     * @return 0 if taken, the nanoseconds to wait if not, or -1 if the store is down: then the space's own
     *     schedule decides
     */
    long takePermit(long now, long intervalNanos) {
        if (!available(now)) {
            return -1;
        }
        Long wait = call(now, () -> store.tryTakePermit(space, intervalNanos));
        return wait == null ? -1 : wait;
    }

    /**
     * Whether this replica posts the thread's resolved note (see {@link FleetStore#claimResolvedNote}): 0 if
     * it does, the milliseconds until the fleet is quiet if it is not yet, less than 0 if another replica
     * does; null if the store is down (then each replica posts its own).
     */
    Long claimNote(String threadKey, long now) {
        Followed thread = threads.computeIfAbsent(threadKey, key -> new Followed());
        if (thread.noteClaimed) {
            return 0L;
        }
        Long claim = available(now) ? call(now, () -> store.claimResolvedNote(space, threadKey, quietMillis)) : null;
        thread.noteClaimed = claim != null && claim == 0;
        return claim;
    }

    /** The thread's incident is over here: its next event asks the store again. */
    void forget(String threadKey) {
        threads.remove(threadKey);
    }

    /** Whether the store is to be asked at {@code now}: not while it is left alone after a failure. */
    boolean available(long now) {
        return !down || now - downUntilNanos >= 0;
    }

    private interface Call<T> {
        T run();
    }

    /** Runs a call of the store; its failure, reported once an outage, gives null. */
    private <T> T call(long now, Call<T> call) {
        try {
            T answer = call.run();
            if (down) {
                down = false;
                reports.report(
                        "fleet store back",
                        Severity.INFO,
                        "The fleet store " + address
                                + " answers again: this sender shares the space's quota and its threads with the fleet again");
            }
            return answer;
        } catch (RuntimeException e) {
            if (!down) {
                // A store's own exception names the store, masked, and says what failed; another's may
                // quote a password, so only its class shows.
                String cause = e instanceof FleetStoreException
                        ? e.getMessage()
                        : address + ": " + e.getClass().getName();
                reports.report(
                        "fleet store down",
                        Severity.WARN,
                        "The fleet store does not answer (" + cause + "): this sender goes on without it, as a"
                                + " sender without a store does, and asks it again every "
                                + TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS) + " s");
            }
            down = true;
            downUntilNanos = now + RETRY_NANOS;
            return null;
        }
    }
}
