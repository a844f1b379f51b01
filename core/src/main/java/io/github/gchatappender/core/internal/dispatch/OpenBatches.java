package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.MessagePattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The batches the dispatcher holds, one per Chat thread, and the choice of the next message.
 *
 * <p><b>Folding.</b> Each event joins its thread's open batch, or opens one, and the batch adopts the
 * {@link RepeatCounters counter} of its kind, so that repeats are counted on the callers' side until
 * the batch leaves. At most {@value #MAX_OPEN_BATCHES} batches are open, counting those
 * of the message on its way, which come back after a 429; an event of one more kind is refused, and
 * the caller counts it as dropped.
 * <p><b>Choosing.</b> A batch is ready once its {@code batchWindow} has passed and its thread's pacing
 * lets it go ({@link ThreadPacing}; both at once when stopping). The next message is the most important ready batch: a kind new to its thread first,
 * then the oldest. When more batches are ready than the quota lets through soon, the top ones stay
 * for messages of their own and the rest go into one digest, so that a new kind waits for no queue
 * of older ones.
 * <p>Dispatcher thread only.
 */
final class OpenBatches {

    static final int MAX_OPEN_BATCHES = 1000;
    /**
     * From this many open batches on, pacing yields: paced batches are ready and may share a digest, so that
     * batches held for their thread's next update never crowd a new kind out of the cap.
     */
    static final int PACING_YIELDS_AT = MAX_OPEN_BATCHES * 3 / 4;

    private final Map<String, AlertBatch> batches = new LinkedHashMap<>();
    private final RepeatCounters repeats;
    private final long batchWindowNanos;
    private final ThreadPacing pacing;
    /** Told of each thread's events, for the fleet store; null without one. */
    private final FleetLink fleet;

    OpenBatches(RepeatCounters repeats, long batchWindowNanos, ThreadPacing pacing, FleetLink fleet) {
        this.repeats = repeats;
        this.batchWindowNanos = batchWindowNanos;
        this.pacing = pacing;
        this.fleet = fleet;
    }

    /** Its thread had an event at {@code now}: its pacing, and the fleet, hear of it. */
    private void active(String threadKey, long now) {
        pacing.active(threadKey, now);
        if (fleet != null) {
            fleet.eventIn(threadKey, now);
        }
    }

    /**
     * Folds {@code event}, of thread {@code threadKey}, into its batch.
     *
     * @param away batches taken out for the message on its way, which may come back after a 429
     * @return false if it opens no batch because {@value #MAX_OPEN_BATCHES} are open or away
     */
    boolean fold(AlertEvent event, String threadKey, long now, int away) {
        AlertBatch batch = batches.get(threadKey);
        String pattern;
        if (batch != null) {
            pattern = batch.add(event);
        } else if (batches.size() + away < MAX_OPEN_BATCHES) {
            batch = new AlertBatch(threadKey, event, now);
            batches.put(threadKey, batch);
            pattern = batch.entries().get(0).pattern();
        } else {
            pacing.active(threadKey, now); // Refused, not quiet: its thread must get no note for it.
            return false;
        }
        repeats.adopt(event.loggerName(), exceptionClassName(event), kindText(event), threadKey, pattern);
        active(threadKey, now);
        return true;
    }

    /**
     * Gives up the repeats counted for the kind of {@code event}, which {@link #fold} refused; they
     * are counted as turned away.
     *
     * @return how many
     */
    long refuse(AlertEvent event) {
        return repeats.abandonKind(event.loggerName(), exceptionClassName(event), kindText(event));
    }

    private static String kindText(AlertEvent event) {
        return MessagePattern.kindText(event.messagePattern(), event.message());
    }

    private static String exceptionClassName(AlertEvent event) {
        return event.throwable() == null ? "" : event.throwable().className();
    }

    /** Adds what the callers counted since the last harvest to the batches. */
    void harvestRepeats(long now) {
        for (RepeatCounters.Counter counter : repeats.open()) {
            long counted = repeats.harvest(counter);
            if (counted > 0) {
                // A counter is closed before its batch leaves: the batch is here.
                batches.get(counter.threadKey()).addRepeats(counter.pattern(), counted, counter.lastMillis());
                active(counter.threadKey(), now);
            }
        }
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** The thread's open batch, or null. */
    AlertBatch batchOf(String threadKey) {
        return batches.get(threadKey);
    }

    /** Whether this thread has an open batch. */
    boolean hasThread(String threadKey) {
        return batches.containsKey(threadKey);
    }

    /** Whether a batch is ready: {@link #ready} without building the list, for the loop's every step. */
    boolean anyReady(long now, boolean stopping) {
        if (stopping) {
            return !batches.isEmpty();
        }
        for (AlertBatch batch : batches.values()) {
            if (now - readyAt(batch) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The ready batches, in the order they were opened. */
    List<AlertBatch> ready(long now, boolean stopping) {
        List<AlertBatch> ready = new ArrayList<>();
        for (AlertBatch batch : batches.values()) {
            if (stopping || now - readyAt(batch) >= 0) {
                ready.add(batch);
            }
        }
        return ready;
    }

    /** When the batch may go: its window over, and its thread's pacing letting it, unless pacing yields. */
    private long readyAt(AlertBatch batch) {
        long windowOver = batch.openedAtNanos() + batchWindowNanos;
        return pacingYields() ? windowOver : pacing.nextMessageNanos(batch.threadKey(), windowOver);
    }

    /** Whether so many batches are open that pacing yields (see {@link #PACING_YIELDS_AT}). */
    boolean pacingYields() {
        return batches.size() >= PACING_YIELDS_AT;
    }

    /**
     * Whether a batch is open that will be ready soon: one in its batch window, or ready, rather than held
     * for its thread's next update. The loop polls for new events while it holds such a batch, and sleeps
     * longer while it holds only paced ones.
     */
    boolean holdsUnpaced(long now) {
        for (AlertBatch batch : batches.values()) {
            if (pacingYields() || !pacing.isPaced(batch.threadKey(), now)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a batch is held for its thread's next update: its thread's storm goes on. */
    boolean holdsPaced(long now) {
        if (pacingYields()) {
            return false;
        }
        for (AlertBatch batch : batches.values()) {
            if (pacing.isPaced(batch.threadKey(), now)) {
                return true;
            }
        }
        return false;
    }

    /** When the next batch becomes ready; {@code orElse} when none is open. */
    long nextReadyNanos(long orElse) {
        long next = orElse;
        boolean any = false;
        for (AlertBatch batch : batches.values()) {
            long at = readyAt(batch);
            if (!any || at - next < 0) {
                next = at;
                any = true;
            }
        }
        return next;
    }

    /**
     * Takes the next message out of {@code ready}. When at most {@code fits} are ready: the most
     * important one. When more are ready, the top {@code fits - 1} by importance (new kinds, then by
     * count) keep messages of their own and the rest share one digest; which goes now is decided by
     * the one that has waited longest, so that neither the top ones nor the rest starve while a storm
     * keeps more batches ready than fit. While stopping, the top ones go first and the digest last,
     * when one message is all the deadline still allows.
     *
     * When a digest is not allowed now (its own thread is paced), the one that would go alone goes, and the
     * rest wait for the digest.
     *
     * @param hasThread whether a thread already shows its group's full message; the others are new
     */
    Delivery take(
            List<AlertBatch> ready, int fits, boolean stopping, boolean digestAllowed, Predicate<String> hasThread) {
        Comparator<AlertBatch> newFirst = Comparator.comparing((AlertBatch b) -> hasThread.test(b.threadKey()));
        // Nanosecond times compare by their difference, which survives the clock's wrap.
        Comparator<AlertBatch> newThenOldest =
                newFirst.thenComparing((a, b) -> Long.signum(a.openedAtNanos() - b.openedAtNanos()));
        AlertBatch first = ready.get(0);
        for (AlertBatch batch : ready) {
            if (newThenOldest.compare(batch, first) < 0) {
                first = batch; // A new kind first, then the oldest.
            }
        }
        if (ready.size() <= fits) {
            return Delivery.single(remove(first));
        }
        List<AlertBatch> byImportance = new ArrayList<>(ready);
        byImportance.sort(newFirst.thenComparing(AlertBatch::count, Comparator.reverseOrder()));
        List<AlertBatch> top = byImportance.subList(0, Math.max(0, fits - 1));
        if (stopping ? fits > 1 : top.contains(first)) {
            return Delivery.single(remove(stopping ? byImportance.get(0) : first));
        }
        if (!digestAllowed && !stopping) {
            return Delivery.single(remove(byImportance.get(0)));
        }
        List<AlertBatch> digested = new ArrayList<>(byImportance.subList(top.size(), byImportance.size()));
        for (AlertBatch batch : digested) {
            remove(batch);
        }
        return Delivery.digest(digested);
    }

    /** The batch opened meanwhile in the thread of {@code batch}, taken out; null if none. */
    AlertBatch takeNewer(AlertBatch batch) {
        return takeThread(batch.threadKey());
    }

    /** The open batch of this thread, taken out; null if none. */
    AlertBatch takeThread(String threadKey) {
        AlertBatch open = batches.get(threadKey);
        return open == null ? null : remove(open);
    }

    /**
     * Puts the batches of a message that did not go (429, or a permit taken by another sender) back,
     * each with the events its thread gathered meanwhile, ready at once.
     */
    void putBack(Delivery delivery) {
        for (AlertBatch batch : delivery.batches()) {
            AlertBatch newer = takeNewer(batch);
            if (newer != null) {
                batch.absorb(newer);
            }
            batches.put(batch.threadKey(), batch);
        }
    }

    /** Takes {@code batch} out, with the repeats counted for it until now. */
    AlertBatch remove(AlertBatch batch) {
        repeats.close(
                batch.threadKey(),
                (counter, counted) -> batch.addRepeats(counter.pattern(), counted, counter.lastMillis()));
        batches.remove(batch.threadKey());
        return batch;
    }

    /**
     * Takes every batch out; returns the events they held. The counters are left to
     * {@link RepeatCounters#closeAll}.
     */
    long clear() {
        long events = 0;
        for (AlertBatch batch : batches.values()) {
            events += batch.count();
        }
        batches.clear();
        return events;
    }
}
