package io.github.gchatappender.core.internal.dispatch;

import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The bounded queue between the application's threads and the dispatcher: many producers, one
 * consumer, no lock.
 *
 * <p><b>Producers</b>, the application's threads, claim a slot with one compare-and-set and never
 * wait. When the queue is full or closed, {@link #offer} says so at once, and the caller drops the
 * event. A producer wakes the consumer only if the consumer sleeps and asked to be woken at the fill
 * level just reached. A steady stream of errors therefore costs no system call per event, where
 * a lock-based queue signals the consumer at every offer.
 * <p><b>The consumer</b>, the dispatcher, drains in bulk and sleeps in {@link #await}. Its final
 * {@link #closeAndDrain} refuses further offers atomically with the claiming of slots, so that it
 * sees every element whose producer was told it was queued.
 * <p><b>A slot claimed and never written.</b> A producer's thread may die between claiming its slot
 * and writing it (a {@link StackOverflowError} in deep recursion that logs). Every later element
 * would then wait behind the empty slot forever. So a slot that stays claimed and empty for
 * {@value #HOLE_MILLIS} ms of the consumer's looking is given up and {@link #holes() counted}, and
 * the consumer moves on; {@code closeAndDrain} waits for such slots no longer than its caller's
 * patience. The consumer never spins on such a slot: {@code await} sleeps as if it were not there.
 * A producer that comes back after its slot was given up finds out from the slot itself and is
 * told {@link Offer#TOO_LATE}: each free slot holds a marker for the one position it is free for,
 * replaced by compare-and-set, so that a late write can never land in a later lap.
 *
 * <p>The design is the array queue of JCTools' {@code MpscArrayQueue}, reduced to what the
 * dispatcher needs (a producer index claimed by CAS, a consumer that stops at a slot claimed but not
 * yet written), with slots that carry their position, as in Vyukov's bounded queue, for the give-up.
 */
public final class EventQueue<E> {

    /** What became of an offered element. */
    public enum Offer {
        QUEUED,
        FULL,
        CLOSED,
        /** Descheduled so long between claiming and writing that the consumer gave the slot up, and counted it. */
        TOO_LATE
    }

    /** Largest capacity: bounds the array allocated up front. */
    public static final int MAX_CAPACITY = 1 << 20;
    /** How long a claimed slot may stay unwritten, as the consumer looks, before it is given up. */
    static final long HOLE_MILLIS = 1000;

    private static final long HOLE_NANOS = TimeUnit.MILLISECONDS.toNanos(HOLE_MILLIS);
    /**
     * Looks at an unwritten slot further apart than this start its clock again: the consumer itself
     * was not running (a GC pause, a starved CPU), and neither, maybe, was the producer.
     */
    private static final long LOOK_GAP_NANOS = HOLE_NANOS / 4;
    /** How often closeAndDrain looks again at slots claimed and not yet written. */
    private static final long CLOSE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private static final long CLOSED_BIT = 1L << 62;
    /** 128 bytes between counters written by different threads, so they share no cache line. */
    private static final int PAD = 16;

    private static final int PRODUCER_INDEX = PAD;
    /** The producers' cached view of how far they may go; refreshed when reached. */
    private static final int PRODUCER_LIMIT = PAD + 1;

    private static final int CONSUMER_INDEX = 3 * PAD;

    private final int capacity;
    private final int mask;
    /** An element, or a {@link Free} marker for the position the slot is free for; null on the first lap. */
    private final AtomicReferenceArray<Object> slots;

    private final AtomicLongArray indices = new AtomicLongArray(4 * PAD);
    private final LongSupplier clock;
    private volatile Thread consumer;
    /** The fill level at which a producer wakes the sleeping consumer; 0 while it is awake. */
    private volatile int wakeAt;

    private volatile boolean woken;

    // The consumer's own: the unwritten slot it is watching, and the slots given up.
    private long watched = -1;
    private long watchedSince;
    private long lastLook;
    private long holes;

    /** @param capacity 1 to {@value #MAX_CAPACITY} elements */
    public EventQueue(int capacity) {
        this(capacity, System::nanoTime);
    }

    /** @param clock the consumer's clock, in nanoseconds, for giving up unwritten slots */
    EventQueue(int capacity, LongSupplier clock) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1 to " + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
        int length = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.mask = length - 1;
        this.slots = new AtomicReferenceArray<>(length);
        this.clock = clock;
        indices.set(PRODUCER_LIMIT, capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Queues {@code element} unless the queue is full or closed; never blocks. Any thread. */
    public Offer offer(E element) {
        Objects.requireNonNull(element, "element");
        long index = claim();
        if (index < 0) {
            return index == -1 ? Offer.CLOSED : Offer.FULL;
        }
        return publish(index, element);
    }

    /** Writes the element of a claimed position and wakes the consumer if it asked to be. */
    Offer publish(long index, E element) {
        if (!write(index, element)) {
            return Offer.TOO_LATE;
        }
        int threshold = wakeAt;
        if (threshold != 0 && index + 1 - indices.get(CONSUMER_INDEX) >= threshold) {
            LockSupport.unpark(consumer);
        }
        return Offer.QUEUED;
    }

    /** Claims the next position: its index, or -1 if the queue is closed, -2 if it is full. */
    long claim() {
        long limit = indices.get(PRODUCER_LIMIT);
        long index;
        do {
            index = indices.get(PRODUCER_INDEX);
            if ((index & CLOSED_BIT) != 0) {
                return -1;
            }
            if (index >= limit) {
                limit = indices.get(CONSUMER_INDEX) + capacity;
                if (index >= limit) {
                    return -2;
                }
                indices.lazySet(PRODUCER_LIMIT, limit);
            }
        } while (!indices.compareAndSet(PRODUCER_INDEX, index, index + 1));
        return index;
    }

    /**
     * Writes the element of a claimed position, unless the consumer gave the slot up meanwhile. Only
     * this producer and the consumer touch the slot during this lap, and a marker is never reused, so
     * the compare-and-set fails exactly when the consumer gave it up.
     */
    private boolean write(long index, E element) {
        int slot = (int) index & mask;
        Object free = slots.get(slot);
        return isFreeFor(free, index) && slots.compareAndSet(slot, free, element);
    }

    private boolean isFreeFor(Object slot, long index) {
        return slot == null ? index <= mask : slot instanceof Free && ((Free) slot).index == index;
    }

    private static boolean isElement(Object slot) {
        return slot != null && !(slot instanceof Free);
    }

    /**
     * Moves the queued elements into {@code sink}, oldest first, and returns how many. Stops early
     * at a slot claimed by a producer that has not written it yet; the next call takes it, or gives
     * it up once it stayed unwritten for {@value #HOLE_MILLIS} ms. Consumer thread only.
     */
    public int drainTo(Collection<? super E> sink) {
        long index = indices.get(CONSUMER_INDEX);
        int moved = 0;
        // At most a capacity per call: producers refilling as fast cannot keep the consumer here.
        for (long end = index + capacity; index < end; index++) {
            int slot = (int) index & mask;
            Object element = slots.get(slot);
            if (isElement(element)) {
                take(index, element, sink);
                moved++;
            } else if (!abandoned(index) || !giveUp(index, element)) {
                return moved;
            }
        }
        return moved;
    }

    /**
     * Moves one element into {@code sink}. What may fail (allocating the marker, growing the sink)
     * comes before the slot changes, so that an OutOfMemoryError leaves the element in the queue.
     */
    @SuppressWarnings("unchecked")
    private void take(long index, Object element, Collection<? super E> sink) {
        Free next = new Free(index + mask + 1);
        sink.add((E) element);
        slots.lazySet((int) index & mask, next);
        // Released after the slot is freed: a producer that sees the room finds the slot free for it.
        indices.lazySet(CONSUMER_INDEX, index + 1);
    }

    /** Frees the unwritten slot at {@code index} and counts it; false if its producer wrote it just now. */
    private boolean giveUp(long index, Object free) {
        if (!slots.compareAndSet((int) index & mask, free, new Free(index + mask + 1))) {
            return false;
        }
        indices.lazySet(CONSUMER_INDEX, index + 1);
        holes++;
        watched = -1;
        return true;
    }

    /**
     * True if the unwritten slot at {@code index} was claimed and has stayed unwritten for
     * {@value #HOLE_MILLIS} ms of looking, with no long gap between looks.
     */
    private boolean abandoned(long index) {
        if (index >= (indices.get(PRODUCER_INDEX) & ~CLOSED_BIT)) {
            return false; // Not claimed: the queue is empty.
        }
        long now = clock.getAsLong();
        boolean sameWatch = index == watched && now - lastLook <= LOOK_GAP_NANOS;
        lastLook = now;
        if (!sameWatch) {
            watched = index;
            watchedSince = now;
            return false;
        }
        return now - watchedSince >= HOLE_NANOS;
    }

    /** Slots given up so far because their producer never wrote them; consumer thread only. */
    public long holes() {
        return holes;
    }

    /**
     * Places claimed in the queue since it was made: every element queued, and every slot given up.
     * Only grows. Any thread.
     */
    public long claimed() {
        return indices.get(PRODUCER_INDEX) & ~CLOSED_BIT;
    }

    /** Elements claimed and not yet drained; exact when producers are quiet. */
    public int size() {
        long size = (indices.get(PRODUCER_INDEX) & ~CLOSED_BIT) - indices.get(CONSUMER_INDEX);
        return (int) Math.max(0, Math.min(size, capacity));
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Sleeps until {@code nanos} have passed, {@code threshold} elements are queued, {@link #wake()}
     * is called or the thread is interrupted, whichever is first (and possibly earlier: callers
     * re-check their state). A claimed slot not yet written at the head counts as not there, so that
     * a producer that died there cannot make the consumer spin; it sleeps at most a tenth of
     * {@value #HOLE_MILLIS} ms at a time meanwhile, to look again. Consumer thread only; the interrupt
     * flag is left set.
     */
    public void await(long nanos, int threshold) {
        if (consumer != Thread.currentThread()) {
            consumer = Thread.currentThread();
        }
        wakeAt = Math.max(1, Math.min(threshold, capacity));
        try {
            // Read after wakeAt is published: a producer either sees wakeAt or is seen here. A wake()
            // is consumed here, never after the park, so that none is lost.
            if (woken) {
                woken = false;
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            long sleep = nanos;
            if (size() >= wakeAt) {
                if (isElement(slots.get((int) indices.get(CONSUMER_INDEX) & mask))) {
                    return;
                }
                sleep = Math.min(nanos, HOLE_NANOS / 10);
            }
            LockSupport.parkNanos(this, sleep);
        } finally {
            wakeAt = 0;
        }
    }

    /** Ends the consumer's current or next {@link #await}. Any thread. */
    public void wake() {
        woken = true;
        Thread sleeper = consumer;
        if (sleeper != null) {
            LockSupport.unpark(sleeper);
        }
    }

    /**
     * Refuses every later offer, then moves everything queued into {@code sink}. Slots that
     * producers claimed but have not written yet (a few instructions away, unless the producer is
     * descheduled) are waited for, sleeping, for at most {@code patienceNanos}, or not at all once
     * the thread is interrupted; then they are given up and {@link #holes() counted}, and their
     * producers told {@link Offer#TOO_LATE}. Consumer thread only.
     */
    public int closeAndDrain(Collection<? super E> sink, long patienceNanos) {
        long end;
        do {
            end = indices.get(PRODUCER_INDEX);
        } while ((end & CLOSED_BIT) == 0 && !indices.compareAndSet(PRODUCER_INDEX, end, end | CLOSED_BIT));
        end &= ~CLOSED_BIT;
        int moved = drainTo(sink);
        long giveUpAt = clock.getAsLong() + patienceNanos;
        while (indices.get(CONSUMER_INDEX) < end) {
            if (clock.getAsLong() - giveUpAt >= 0 || Thread.currentThread().isInterrupted()) {
                return moved + takeOrGiveUpAll(end, sink);
            }
            LockSupport.parkNanos(this, CLOSE_POLL_NANOS);
            moved += drainTo(sink);
        }
        return moved;
    }

    /** Takes or gives up every slot up to {@code end}; returns the elements taken. */
    private int takeOrGiveUpAll(long end, Collection<? super E> sink) {
        int moved = 0;
        for (long index = indices.get(CONSUMER_INDEX); index < end; index++) {
            Object element = slots.get((int) index & mask);
            if (isElement(element) || !giveUp(index, element)) {
                // Written, if only just now, when the give-up failed.
                take(index, slots.get((int) index & mask), sink);
                moved++;
            }
        }
        return moved;
    }

    /** A free slot's marker: the one position whose producer may write the slot. Never reused. */
    private static final class Free {
        final long index;

        Free(long index) {
            this.index = index;
        }
    }
}
