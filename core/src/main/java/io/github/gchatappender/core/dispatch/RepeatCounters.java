package io.github.gchatappender.core.dispatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Repeats counted on the callers' threads: for each kind of event the dispatcher holds in an open
 * batch (logger, exception class and message template, which fix its Chat thread and its message
 * pattern), a counter that callers add to instead of snapshotting the event and queueing it. The
 * batch already holds the first event, stack trace and all, and its message shows only a count and
 * the last time of the others, so nothing shown is lost.
 *
 * <p><b>Under load</b> a storm of a few kinds then costs each caller a map lookup and one
 * compare-and-set on a stripe of its own, and no queue slot: a dispatcher starved of CPU cannot make
 * the queue overflow with repeats.
 * <p><b>Exactly once.</b> The dispatcher {@link Counter#close closes} a counter before its batch is
 * sent, atomically with each stripe, and takes the final count; a caller whose add finds it closed is
 * told so and queues a full event instead. So every repeat is counted in exactly one batch.
 * <p>At most {@value #MAX_COUNTERS} counters at once; events of further kinds take the queue.
 * Lookups on any thread; everything else on the dispatcher thread only.
 */
public final class RepeatCounters {

    static final int MAX_COUNTERS = 256;

    private final ConcurrentHashMap<Kind, Counter> counters = new ConcurrentHashMap<>();
    /** The same counters, in the order they were opened; the dispatcher's own view. */
    private final List<Counter> open = new ArrayList<>();

    /** The counter of a kind the dispatcher holds, or null; any thread. */
    public Counter find(String loggerName, String exceptionClassName, String messageTemplate) {
        if (messageTemplate == null || counters.isEmpty()) {
            return null;
        }
        return counters.get(new Kind(loggerName, exceptionClassName, messageTemplate));
    }

    /**
     * Opens a counter for repeats of a kind that now has an entry in the open batch {@code threadKey},
     * unless one is open or there are {@value #MAX_COUNTERS}. Dispatcher thread.
     */
    void open(String loggerName, String exceptionClassName, String messageTemplate, String threadKey, String pattern) {
        if (messageTemplate == null || open.size() >= MAX_COUNTERS) {
            return;
        }
        Kind kind = new Kind(loggerName, exceptionClassName, messageTemplate);
        if (counters.containsKey(kind)) {
            return;
        }
        Counter counter = new Counter(kind, threadKey, pattern);
        open.add(counter); // First: a counter callers can find is always one the dispatcher will close.
        counters.put(kind, counter);
    }

    /** The open counters, to harvest; dispatcher thread. */
    List<Counter> open() {
        return open;
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
                    harvest.add(counter, last);
                }
            }
        }
    }

    /** Closes every counter; the dispatcher's last act. Returns the repeats not harvested before. */
    long closeAll() {
        long left = 0;
        for (Counter counter : open) {
            counters.remove(counter.kind, counter);
            left += counter.close();
        }
        open.clear();
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

        private final Kind kind;
        private final String threadKey;
        private final String pattern;
        private final AtomicLongArray cells = new AtomicLongArray(STRIPES * PAD);
        /** The count of each stripe already harvested; dispatcher thread only. */
        private final long[] harvested = new long[STRIPES];

        Counter(Kind kind, String threadKey, String pattern) {
            this.kind = kind;
            this.threadKey = threadKey;
            this.pattern = pattern;
        }

        /**
         * Counts one repeat at {@code timestampMillis}; any thread.
         *
         * @return false if the counter is closed: the caller must queue the event itself
         */
        public boolean add(long timestampMillis) {
            int cell = (System.identityHashCode(Thread.currentThread()) & (STRIPES - 1)) * PAD;
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

    /** What makes a repeat: the same logger, exception class and message template. */
    private static final class Kind {
        private final String loggerName;
        private final String exceptionClassName;
        private final String messageTemplate;
        private final int hash;

        Kind(String loggerName, String exceptionClassName, String messageTemplate) {
            this.loggerName = loggerName;
            this.exceptionClassName = exceptionClassName;
            this.messageTemplate = messageTemplate;
            this.hash = (31 * Objects.hashCode(loggerName) + Objects.hashCode(exceptionClassName)) * 31
                    + messageTemplate.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Kind)) {
                return false;
            }
            Kind other = (Kind) o;
            return messageTemplate.equals(other.messageTemplate) && Objects.equals(loggerName, other.loggerName)
                    && Objects.equals(exceptionClassName, other.exceptionClassName);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
