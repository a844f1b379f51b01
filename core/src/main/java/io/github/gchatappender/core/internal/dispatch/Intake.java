package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The dispatcher's side of taking events in: it drains the queue into the {@link OpenBatches}, takes
 * the repeats counted on the callers' side, sweeps the counters no batch adopted, and reports the drops
 * counted on the callers' threads (queue full, unreadable, repeats given up) off those threads.
 *
 * <p>Under load each pass takes every queued event at once and folds it into its thread's batch, so a
 * storm costs memory per kind, not per event; a new kind beyond {@link OpenBatches#MAX_OPEN_BATCHES}
 * is dropped and said so. Drops are reported as the count since the last report, so a storm makes one
 * line per report, not one per event. On failure an event that cannot be folded costs itself only; an
 * {@link Error} while draining counts every event not folded yet as dropped, so none is counted twice
 * or lost from the counts. Dispatcher thread only.
 */
final class Intake {

    /** How often repeat counters that no batch adopted are looked for (see {@link RepeatCounters#sweep}). */
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventQueue<AlertEvent> queue;
    private final RepeatCounters repeats;
    private final DeliveryCounters counters;
    private final OpenBatches batches;
    private final ThreadKeys threadKeys;
    private final Reports reports;
    private final StatusWording wording;
    /** Events taken from the queue and not yet folded; folded ones are set to null. Empty between passes. */
    private final List<AlertEvent> drained = new ArrayList<>();

    private long queueFullReported;
    private long unreadableReported;
    private long givenUpReported;
    private long holesCounted;
    private long lastSweepNanos;

    Intake(
            EventQueue<AlertEvent> queue,
            RepeatCounters repeats,
            DeliveryCounters counters,
            OpenBatches batches,
            ThreadKeys threadKeys,
            Reports reports,
            StatusWording wording,
            long startNanos) {
        this.queue = queue;
        this.repeats = repeats;
        this.counters = counters;
        this.batches = batches;
        this.threadKeys = threadKeys;
        this.reports = reports;
        this.wording = wording;
        this.lastSweepNanos = startNanos;
    }

    /**
     * One pass: folds the queued events, takes the repeats, sweeps, and reports the callers' drops.
     *
     * @param batchesInFlight batches of the message on its way, which count towards the open kinds
     */
    void takeIn(long now, int batchesInFlight) {
        foldQueuedEvents(now, batchesInFlight);
        batches.harvestRepeats(now);
        sweepUnadoptedCounters(now);
        reportDropsOnTheCallersSide();
    }

    /**
     * The last pass, when the loop ends: closes the queue (waiting up to {@code patienceNanos} for a
     * slot claimed and not yet written), the open batches and the repeat counters. Counts as dropped
     * what the queue and the batches held, with the {@code held} events of the message at hand;
     * returns every event lost, the repeats the closed counters turn away included.
     */
    long closeAll(long held, long patienceNanos) {
        // The queue first: a caller that opens a counter after this finds the queue closed and gives
        // the counter up itself; one whose event got in has its counter closed by closeAll() below.
        long lost = held + queue.closeAndDrain(drained, patienceNanos);
        drained.clear();
        countHoles();
        lost += batches.clear();
        counters.dropped(lost);
        // Before the counters close: the repeats they give up are in the shutdown line, not given up in a storm.
        reportDropsOnTheCallersSide();
        return lost + repeats.closeAll(); // Counted as turned away.
    }

    /**
     * Takes the queued events and folds them. One that fails to fold costs itself only; if draining
     * or folding ends in an {@link Error}, the events not folded yet, the one at hand included, are
     * counted as dropped, and none stays behind for the next pass.
     */
    private void foldQueuedEvents(long now, int batchesInFlight) {
        try {
            queue.drainTo(drained);
            countHoles();
            for (int i = 0; i < drained.size(); i++) {
                foldOrDrop(drained.get(i), now, batchesInFlight);
                drained.set(i, null); // Folded or counted: the finally below must not count it again.
            }
        } finally {
            long left = 0;
            for (AlertEvent event : drained) {
                left += event == null ? 0 : 1;
            }
            counters.dropped(left);
            drained.clear();
        }
    }

    private void foldOrDrop(AlertEvent event, long now, int batchesInFlight) {
        try {
            fold(event, now, batchesInFlight);
        } catch (RuntimeException e) {
            counters.dropped(1);
            reports.report("internal " + e.getClass().getName(), Severity.ERROR, wording.unexpectedFailure(e, 1));
        }
    }

    private void fold(AlertEvent event, long now, int batchesInFlight) {
        String key = threadKeys.keyFor(event);
        if (!batches.fold(event, key, now, batchesInFlight)) {
            batches.refuse(event);
            reports.report("too many groups", Severity.WARN, StatusWording.tooManyGroups());
            counters.dropped(1); // Last: if anything before throws, the event is counted by the caller.
        }
    }

    /** Queue slots given up because their producer never wrote them: those events are lost, and said so. */
    private void countHoles() {
        long holes = queue.holes();
        if (holes > holesCounted) {
            counters.dropped(holes - holesCounted); // Counted as queued when their place was claimed.
            reports.report("queue hole", Severity.WARN, StatusWording.queueHoles(holes - holesCounted));
            holesCounted = holes;
        }
    }

    /** Only with the queue empty: an unadopted counter's event may still wait there (behind a hole, say). */
    private void sweepUnadoptedCounters(long now) {
        if (now - lastSweepNanos >= SWEEP_NANOS && queue.isEmpty()) {
            lastSweepNanos = now;
            repeats.sweep();
        }
    }

    /** Drops counted on the callers' threads are reported here, off those threads. */
    void reportDropsOnTheCallersSide() {
        queueFullReported =
                reportSince("queue full", counters.droppedQueueFull(), queueFullReported, wording::droppedQueueFull);
        givenUpReported = reportSince(
                "repeats given up", counters.repeatsGivenUp(), givenUpReported, StatusWording::repeatsGivenUp);
        unreadableReported = reportSince(
                "unreadable", counters.droppedUnreadable(), unreadableReported, StatusWording::droppedUnreadable);
    }

    /** Reports the drops counted since {@code reported}, if any, in {@code words}; returns the new count reported. */
    private long reportSince(String kind, long count, long reported, LongFunction<String> words) {
        if (count > reported) {
            reports.report(kind, Severity.WARN, words.apply(count - reported));
        }
        return Math.max(count, reported);
    }
}
