package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How often each Chat thread gets a message, and when its errors have stopped, as an alert manager
 * paces its notifications. A thread's first message goes as soon as its batch is ready: pacing never
 * delays the first alert of a kind. After each message the thread waits longer for the next one while
 * its errors go on: {@value #FIRST_GAP_SECONDS} s, then three times as long each time, up to
 * {@code updateInterval}. Its events fold into its open batch meanwhile, so the wait costs no memory
 * beyond the batch, and the counts stay exact. Once a thread that has a message has had no new event for
 * {@code resolvedAfter} (counted from its last event, or from its first message), its resolved note is due; after the note the thread is forgotten, and its next
 * event is a first message again.
 *
 * <p>Under load: one {@link Incident} per thread with a delivered message, at most
 * {@value #MAX_THREADS}; beyond that the thread quiet longest is forgotten without a note (its next
 * message is a first one again). With {@code updateInterval} zero nothing is paced, and with
 * {@code resolvedAfter} zero no note is due and a thread is forgotten only that way. A digest counts as
 * a message of the digest's own thread and as an update of each thread it names that has an incident.
 * Dispatcher thread only.
 */
final class ThreadPacing {

    static final int FIRST_GAP_SECONDS = 10;
    /**
     * Below the renderer's own bound on the threads it remembers (1000), so that the two forget a thread
     * together: this one forgets first and tells the renderer (see {@code onForget}).
     */
    static final int MAX_THREADS = 900;
    /** The head of the first message an incident keeps for its note, which shows less. */
    static final int KEPT_MESSAGE_CHARS = 200;

    private static final long FIRST_GAP_NANOS = TimeUnit.SECONDS.toNanos(FIRST_GAP_SECONDS);
    private static final int GROWTH = 3;

    private final long updateIntervalNanos;
    private final long resolvedAfterNanos;
    private final String digestKey;
    /** Told of each thread forgotten because of the bound, so that its next message is a full one again. */
    private final Consumer<String> onForget;
    /** The incident touched last, which is last in {@link #incidents} already: most events touch it again. */
    private Incident lastTouched;
    /** In the order their threads were last active (see {@link #touch}): the first is the quietest. */
    private final Map<String, Incident> incidents = new LinkedHashMap<>();

    /** @param onForget told of each thread forgotten because of the bound */
    ThreadPacing(long updateIntervalNanos, long resolvedAfterNanos, String digestKey, Consumer<String> onForget) {
        this.updateIntervalNanos = updateIntervalNanos;
        this.resolvedAfterNanos = resolvedAfterNanos;
        this.digestKey = digestKey;
        this.onForget = onForget;
    }

    /** The earliest time a message of this thread may go; {@code now} when it may go now. */
    long nextMessageNanos(String threadKey, long now) {
        Incident incident = incidents.get(threadKey);
        if (incident == null || now - incident.nextMessageNanos >= 0) {
            return now;
        }
        return incident.nextMessageNanos;
    }

    /** Whether the thread has had a message that its next one follows: a message of it is an update. */
    boolean isPaced(String threadKey, long now) {
        return nextMessageNanos(threadKey, now) != now;
    }

    /** Events of this thread came in: it is not quiet. */
    void active(String threadKey, long now) {
        Incident incident = incidents.get(threadKey);
        if (incident != null) {
            incident.lastActiveNanos = now;
            touch(incident);
        }
    }

    /**
     * The fleet's replicas logged the thread's errors more recently than this one (see {@link FleetLink}):
     * its note is due when the fleet has been quiet for {@code resolvedAfter}, at {@code quietAtNanos}. The
     * incident moves last in the order of activity; one more active here may then come before it, and
     * delays its note until its own is due.
     */
    void fleetActive(String threadKey, long quietAtNanos) {
        Incident incident = incidents.get(threadKey);
        if (incident != null) {
            incident.lastActiveNanos = quietAtNanos - resolvedAfterNanos;
            touch(incident);
        }
    }

    /** Moves the incident last in the order of activity, which {@link #dueNote} and the bound rely on. */
    private void touch(Incident incident) {
        if (incident != lastTouched) {
            incidents.remove(incident.threadKey);
            incidents.put(incident.threadKey, incident);
            lastTouched = incident;
        }
    }

    /** A message of the batch's thread arrived, carrying the batch's events. */
    void delivered(AlertBatch batch, long now) {
        messageOf(batch.threadKey(), batch, now).add(batch);
    }

    /**
     * Another replica of the fleet posted the first message of the batch's thread now (see {@link FleetLink}):
     * this one's messages to it are updates at the slowest pace ({@code updateInterval}), since every
     * replica of the fleet posts its own and the thread shows the incident already; its note counts only
     * its own events.
     */
    void joined(AlertBatch batch, long now) {
        Incident incident = messageOf(batch.threadKey(), batch, now);
        incident.message(now, updateIntervalNanos);
    }

    /** A digest arrived: a message of the digest's thread, and an update of each named thread that has one. */
    void deliveredDigest(List<AlertBatch> batches, long now) {
        messageOf(digestKey, batches.get(0), now);
        for (AlertBatch batch : batches) {
            Incident incident = incidents.get(batch.threadKey());
            if (incident != null) {
                incident.message(now, gapAfter(incident.messages + 1));
                incident.add(batch);
            }
        }
    }

    private Incident messageOf(String threadKey, AlertBatch batch, long now) {
        Incident incident = incidents.get(threadKey);
        boolean first = incident == null;
        if (first) {
            incident = new Incident(threadKey, batch);
            incidents.put(threadKey, incident);
            forgetBeyondBound();
        }
        incident.message(now, gapAfter(incident.messages + 1));
        if (first || threadKey.equals(digestKey)) {
            // A thread is quiet from its last event, which an update does not change: only its first message
            // starts the count (its events came before). The digest's own thread is quiet while no digest goes.
            incident.lastActiveNanos = now;
            touch(incident);
        }
        return incident;
    }

    /** The gap after the {@code n}th message of an incident (1-based). */
    private long gapAfter(int n) {
        if (updateIntervalNanos == 0) {
            return 0;
        }
        long gap = FIRST_GAP_NANOS;
        for (int i = 1; i < n && gap < updateIntervalNanos; i++) {
            gap *= GROWTH;
        }
        return Math.min(gap, updateIntervalNanos);
    }

    /**
     * The quietest thread whose resolved note is due, or null: quiet for {@code resolvedAfter} since it
     * last had events or a message. The digest's own thread gets no note: it is forgotten when quiet.
     */
    Incident dueNote(long now) {
        if (resolvedAfterNanos == 0) {
            return null;
        }
        for (Iterator<Incident> it = incidents.values().iterator(); it.hasNext(); ) {
            Incident incident = it.next();
            if (now - incident.lastActiveNanos < resolvedAfterNanos) {
                return null; // In the order of activity: the others are quiet for less still.
            }
            if (!incident.threadKey.equals(digestKey)) {
                return incident;
            }
            it.remove();
            if (incident == lastTouched) {
                lastTouched = null;
            }
        }
        return null;
    }

    /** When the next note may be due: {@code orElse} if none is, or earlier than it. */
    long nextNoteNanos(long orElse) {
        if (resolvedAfterNanos == 0 || incidents.isEmpty()) {
            return orElse;
        }
        long quietest = incidents.values().iterator().next().lastActiveNanos + resolvedAfterNanos;
        return quietest - orElse < 0 ? quietest : orElse;
    }

    /** The thread's note arrived, or was given up: its next event starts a new incident. */
    void forget(String threadKey) {
        Incident forgotten = incidents.remove(threadKey);
        if (forgotten == lastTouched) {
            lastTouched = null;
        }
    }

    private void forgetBeyondBound() {
        while (incidents.size() > MAX_THREADS) {
            String quietest = incidents.keySet().iterator().next();
            forget(quietest);
            onForget.accept(quietest);
        }
    }

    /** One Chat thread's errors since its first message: what its resolved note says. */
    static final class Incident {
        private final String threadKey;
        /** The first message's first event: what the note names. */
        private final AlertBatch firstBatch;

        private long events;
        private long firstMillis = Long.MAX_VALUE;
        private long lastMillis = Long.MIN_VALUE;
        private int messages;
        private long nextMessageNanos;
        private long lastActiveNanos;

        private Incident(String threadKey, AlertBatch firstBatch) {
            this.threadKey = threadKey;
            this.firstBatch = new AlertBatch(threadKey, namesOnly(firstBatch.first()), firstBatch.openedAtNanos());
        }

        /**
         * What the note shows of the kind: its level, logger, exception class and the head of its message,
         * without the stack, the causes and the MDC, so that a thousand incidents hold a few hundred KB at
         * most, not a thousand stack traces.
         */
        private static AlertEvent namesOnly(AlertEvent event) {
            ThrowableSnapshot thrown = event.throwable();
            return AlertEvent.builder()
                    .timestampMillis(event.timestampMillis())
                    .level(event.level())
                    .loggerName(event.loggerName())
                    .threadName(event.threadName())
                    .message(SafeCut.head(event.message(), KEPT_MESSAGE_CHARS))
                    .messagePattern(
                            event.messagePattern() == null
                                    ? null
                                    : SafeCut.head(event.messagePattern(), KEPT_MESSAGE_CHARS))
                    .throwable(
                            thrown == null
                                    ? null
                                    : new ThrowableSnapshot(thrown.className(), null, List.of(), 0, null, List.of()))
                    .build();
        }

        private void message(long now, long gap) {
            messages++;
            nextMessageNanos = now + gap;
        }

        private void add(AlertBatch batch) {
            events += batch.count();
            firstMillis = Math.min(firstMillis, batch.firstMillis());
            lastMillis = Math.max(lastMillis, batch.lastMillis());
        }

        String threadKey() {
            return threadKey;
        }

        AlertBatch firstBatch() {
            return firstBatch;
        }

        /** Events delivered in this thread since its first message. */
        long events() {
            return events;
        }

        long firstMillis() {
            return firstMillis;
        }

        long lastMillis() {
            return lastMillis;
        }

        /** Messages this thread got, the first included. */
        int messages() {
            return messages;
        }
    }
}
