package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.event.SnapshotCaps;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Repeats counted on the callers' threads: for each kind of event (logger, exception class and
 * message template, which fix its Chat thread and its message pattern), a counter that callers add to
 * instead of snapshotting the event and queueing it. The dispatcher's open batch of the kind holds the
 * first event, stack trace and all, and its message shows only a count and the last time of the
 * others, so nothing shown is lost.
 *
 * <p><b>Under load</b> a storm of a few kinds then costs each caller a map lookup and one
 * compare-and-set on a stripe of its own, and no queue slot. A kind's first event opens the counter on
 * the caller's side and is queued in full; the dispatcher adopts the counter when it folds that event.
 * Repeats that come in between are counted already, so a dispatcher starved of CPU cannot make the
 * queue overflow with them, not even between two batches of a kind.
 * <p><b>Exactly once.</b> The dispatcher {@link Counter#close closes} a counter before its batch is
 * sent, atomically with each stripe, and takes the final count; a caller whose add finds it closed
 * opens the next one. A counter that no batch adopts (its first event found the queue full, or too
 * many kinds are open) is abandoned by whoever gets there first, and its repeats are counted as
 * dropped. So every repeat is counted once, in a batch or as dropped, and it enters the books
 * ({@link DeliveryCounters}) when it leaves its counter: taken in by a batch, or turned away.
 * <p><b>A caller that never comes back.</b> A thread that dies between opening a counter and queueing
 * its event (a {@link StackOverflowError} in deep recursion) would leave the kind's counter open
 * with no batch to adopt it, and the kind's later events counted into it, unseen, until stop. So the
 * dispatcher {@link #sweep sweeps} about once a second, when its queue is empty, and gives up a
 * counter that stayed unadopted over three sweeps; the kind's next event opens a new one. The same
 * sweep finishes giving up a counter whose caller died half-way through {@link #abandon}.
 * <p>At most about {@value #MAX_COUNTERS} counters at once; events of further kinds take the queue.
 * {@link #find}, {@link #openFor} and {@link #abandon} on any thread; everything else on the
 * dispatcher thread only.
 */
public final class RepeatCounters {

    static final int MAX_COUNTERS = 256;
    /** Sweeps that must find a counter unadopted before it is given up. */
    static final int SIGHTINGS = 3;

    private final ConcurrentHashMap<Kind, Counter> counters = new ConcurrentHashMap<>();
    /** The adopted counters, in the order they were adopted; the dispatcher's own view. */
    private final List<Counter> open = new ArrayList<>();

    private final DeliveryCounters books;

    /** @param books where the repeats are counted, as taken in or turned away */
    public RepeatCounters(DeliveryCounters books) {
        this.books = books;
    }

    /** The counter of a kind, or null; any thread. */
    public Counter find(String loggerName, String exceptionClassName, String messageTemplate) {
        if (messageTemplate == null || counters.isEmpty()) {
            return null;
        }
        return counters.get(new Kind(loggerName, exceptionClassName, messageTemplate));
    }

    /**
     * Opens the counter of a kind for the repeats that follow the caller's event, which the caller then
     * queues in full: in place of {@code closed}, the kind's counter that refused an add, or where the
     * kind has none. Any thread.
     *
     * @return the new counter, which the caller must {@link #abandon} if its event is not queued; null
     *         if another caller opened one first, or there are {@value #MAX_COUNTERS}
     */
    public Counter openFor(String loggerName, String exceptionClassName, String messageTemplate, Counter closed) {
        if (messageTemplate == null || counters.size() >= MAX_COUNTERS) {
            return null;
        }
        Kind kind = new Kind(loggerName, exceptionClassName, messageTemplate);
        Counter counter = new Counter(kind, Counter.UNADOPTED);
        // The closed one may still be listed, or already taken out by the dispatcher.
        boolean opened = closed != null && counters.replace(kind, closed, counter)
                || counters.putIfAbsent(kind, counter) == null;
        return opened ? counter : null;
    }

    /**
     * Gives up a counter that no batch adopted (its event was not queued), and counts its repeats
     * as turned away. Any thread.
     *
     * @return how many repeats it counted; 0 if the dispatcher adopted it first
     */
    public long abandon(Counter counter) {
        if (!counter.state.compareAndSet(Counter.UNADOPTED, Counter.ABANDONED)) {
            return 0;
        }
        return finish(counter);
    }

    /**
     * Closes, unlists and counts an abandoned counter, once: by the thread that abandoned it, or by a
     * sweep if that thread never got here. Closed first, so that no add succeeds after it.
     */
    private long finish(Counter counter) {
        if (!counter.state.compareAndSet(Counter.ABANDONED, Counter.FINISHED)) {
            return 0;
        }
        long repeats = counter.close();
        counters.remove(counter.kind, counter);
        books.repeatsGivenUp(repeats);
        return repeats;
    }

    /**
     * Adopts the counter of a kind whose event now has an entry in the open batch {@code threadKey},
     * or opens one if the kind has none and there are fewer than {@value #MAX_COUNTERS}. Dispatcher thread.
     */
    void adopt(String loggerName, String exceptionClassName, String messageTemplate, String threadKey, String pattern) {
        if (messageTemplate == null) {
            return;
        }
        Kind kind = new Kind(loggerName, exceptionClassName, messageTemplate);
        Counter counter = counters.get(kind);
        if (counter == null) {
            if (counters.size() >= MAX_COUNTERS) {
                return;
            }
            counter = new Counter(kind, Counter.ADOPTED);
            counter.adopted(threadKey, pattern);
            open.add(counter); // First: a counter callers can find is always one the dispatcher will close.
            if (counters.putIfAbsent(kind, counter) != null) {
                open.remove(open.size() - 1); // A caller opened one meanwhile: adopt that one instead.
                adopt(loggerName, exceptionClassName, messageTemplate, threadKey, pattern);
            }
        } else if (counter.state.get() == Counter.UNADOPTED) {
            counter.adopted(threadKey, pattern); // Before the state: read by this thread only, after it.
            if (counter.state.compareAndSet(Counter.UNADOPTED, Counter.ADOPTED)) {
                open.add(counter);
            }
        }
    }

    /**
     * Abandons the kind's counter if no batch adopted it, when its event opens no batch (too many kinds
     * are open), and counts its repeats as turned away. Dispatcher thread. Returns how many.
     */
    long abandonKind(String loggerName, String exceptionClassName, String messageTemplate) {
        Counter counter = find(loggerName, exceptionClassName, messageTemplate);
        return counter == null ? 0 : abandon(counter);
    }

    /** The adopted counters, to harvest; dispatcher thread. */
    List<Counter> open() {
        return open;
    }

    /** The repeats {@code counter} counted since its last harvest, now taken in by its batch; dispatcher thread. */
    long harvest(Counter counter) {
        long counted = counter.harvest();
        books.takenIn(counted);
        return counted;
    }

    /**
     * Gives up the counters found unadopted (or abandoned and never finished) by {@value #SIGHTINGS}
     * sweeps; dispatcher thread, about once a second, and only when its queue is empty. A counter is
     * unadopted only between a caller's {@link #openFor} and the fold of its event; with the queue
     * empty, the event is not waiting there, and a caller that has not queued it over two seconds
     * never will.
     *
     * @return the repeats given up, counted as turned away
     */
    long sweep() {
        long given = 0;
        for (Counter counter : counters.values()) {
            int state = counter.state.get();
            if (state == Counter.ADOPTED || state == Counter.FINISHED || ++counter.sightings < SIGHTINGS) {
                continue;
            }
            given += state == Counter.UNADOPTED ? abandon(counter) : finish(counter);
        }
        return given;
    }

    /**
     * Closes the counters of the batch {@code threadKey} and hands their last counts to
     * {@code harvest}; dispatcher thread.
     */
    void close(String threadKey, Harvest harvest) {
        for (Iterator<Counter> it = open.iterator(); it.hasNext(); ) {
            Counter counter = it.next();
            if (counter.threadKey.equals(threadKey)) {
                it.remove();
                counters.remove(counter.kind, counter);
                long last = counter.close();
                if (last > 0) {
                    books.takenIn(last);
                    harvest.add(counter, last);
                }
            }
        }
    }

    /**
     * Closes every counter, adopted or not; the dispatcher's last act. The repeats not harvested
     * before are counted as turned away; returns how many.
     */
    long closeAll() {
        long left = 0;
        for (Counter counter : open) {
            counters.remove(counter.kind, counter);
            left += counter.close();
        }
        books.turnedAway(left);
        open.clear();
        for (Counter counter : counters.values()) {
            left += counter.state.get() == Counter.ABANDONED ? finish(counter) : abandon(counter);
        }
        return left;
    }

    /** Receives what a counter counted since it was last harvested. */
    @FunctionalInterface
    interface Harvest {
        void add(Counter counter, long repeats);
    }

    /**
     * Repeats of one kind: a count and a last time per stripe, each stripe on a cache line of its own
     * so that callers on different cores do not contend. A stripe's count with its sign bit set is
     * closed.
     */
    public static final class Counter {

        private static final int STRIPES = 8;
        /** 128 bytes per stripe: no two stripes share a cache line. */
        private static final int PAD = 16;

        private static final long CLOSED = Long.MIN_VALUE;

        static final int UNADOPTED = 0;
        static final int ADOPTED = 1;
        static final int ABANDONED = 2;
        /** Abandoned, then closed and counted. */
        static final int FINISHED = 3;

        private final Kind kind;
        /** Unadopted, then adopted by the dispatcher or abandoned (and then finished), whichever comes first. */
        private final AtomicInteger state;

        private final AtomicLongArray cells = new AtomicLongArray(STRIPES * PAD);
        /** The count of each stripe already harvested; by the dispatcher, or by whoever abandoned it. */
        private final long[] harvested = new long[STRIPES];
        /** The batch's thread and the entry's pattern, once adopted; dispatcher thread only. */
        private String threadKey;

        private String pattern;
        /** How many sweeps found it unadopted; dispatcher thread only. */
        private int sightings;

        Counter(Kind kind, int state) {
            this.kind = kind;
            this.state = new AtomicInteger(state);
        }

        void adopted(String threadKey, String pattern) {
            this.threadKey = threadKey;
            this.pattern = pattern;
        }

        /**
         * Counts one repeat at {@code timestampMillis}; any thread.
         *
         * @return false if the counter is closed: the caller must queue the event itself
         */
        public boolean add(long timestampMillis) {
            // By thread id, which the JVM hands out in order: up to eight threads that log at once each
            // get a stripe of their own (by identity hash, two of four threads shared one in most runs).
            int cell = ((int) Thread.currentThread().getId() & (STRIPES - 1)) * PAD;
            // The time first: the close that takes this count then sees it too. One try is enough, since
            // a stripe is mostly one thread's and a lost race is lost to a time as recent.
            long last = cells.get(cell + 1);
            if (timestampMillis > last) {
                cells.compareAndSet(cell + 1, last, timestampMillis);
            }
            long count;
            do {
                count = cells.get(cell);
                if (count < 0) {
                    return false;
                }
            } while (!cells.compareAndSet(cell, count, count + 1));
            return true;
        }

        /** Repeats counted since the last harvest; dispatcher thread. */
        long harvest() {
            long total = 0;
            for (int i = 0; i < STRIPES; i++) {
                long count = cells.get(i * PAD) & ~CLOSED;
                total += count - harvested[i];
                harvested[i] = count;
            }
            return total;
        }

        /** Refuses further adds, stripe by stripe, and returns the repeats not harvested before. */
        long close() {
            long total = 0;
            for (int i = 0; i < STRIPES; i++) {
                long count = cells.getAndUpdate(i * PAD, c -> c | CLOSED) & ~CLOSED;
                total += count - harvested[i];
                harvested[i] = count;
            }
            return total;
        }

        /** The latest time counted, 0 if none. */
        long lastMillis() {
            long last = 0;
            for (int i = 0; i < STRIPES; i++) {
                last = Math.max(last, cells.get(i * PAD + 1));
            }
            return last;
        }

        String threadKey() {
            return threadKey;
        }

        String pattern() {
            return pattern;
        }
    }

    /** What makes a repeat: the same logger, exception class and message template, as the snapshot keeps them. */
    private static final class Kind {
        private final String loggerName;
        private final String exceptionClassName;
        private final String messageTemplate;
        private final int hash;

        /**
         * Named as the snapshot names it, cut at the same lengths (see {@link SnapshotCaps}): the raw
         * values on a caller's thread and the snapshot's on the dispatcher's make the same kind.
         */
        Kind(String loggerName, String exceptionClassName, String messageTemplate) {
            this.loggerName = SnapshotCaps.name(Objects.requireNonNullElse(loggerName, ""));
            this.exceptionClassName = SnapshotCaps.name(Objects.requireNonNullElse(exceptionClassName, ""));
            this.messageTemplate = SnapshotCaps.message(messageTemplate);
            this.hash = (31 * this.loggerName.hashCode() + this.exceptionClassName.hashCode()) * 31
                    + this.messageTemplate.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Kind)) {
                return false;
            }
            Kind other = (Kind) o;
            return messageTemplate.equals(other.messageTemplate)
                    && loggerName.equals(other.loggerName)
                    && exceptionClassName.equals(other.exceptionClassName);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
