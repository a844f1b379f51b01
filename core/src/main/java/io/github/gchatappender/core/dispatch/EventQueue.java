package io.github.gchatappender.core.dispatch;

import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

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
 *
 * <p>The design is the array queue of JCTools' {@code MpscArrayQueue}, reduced to what the
 * dispatcher needs: a producer index claimed by CAS, slots published with release stores, and a
 * consumer that stops at a slot claimed but not yet written.
 */
public final class EventQueue<E> {

    /** What became of an offered element. */
    public enum Offer { QUEUED, FULL, CLOSED }

    /** Largest capacity: bounds the array allocated up front. */
    public static final int MAX_CAPACITY = 1 << 20;

    private static final long CLOSED_BIT = 1L << 62;
    /** 128 bytes between counters written by different threads, so they share no cache line. */
    private static final int PAD = 16;
    private static final int PRODUCER_INDEX = PAD;
    /** The producers' cached view of how far they may go; refreshed when reached. */
    private static final int PRODUCER_LIMIT = PAD + 1;
    private static final int CONSUMER_INDEX = 3 * PAD;

    private final int capacity;
    private final int mask;
    private final AtomicReferenceArray<E> slots;
    private final AtomicLongArray indices = new AtomicLongArray(4 * PAD);
    private volatile Thread consumer;
    /** The fill level at which a producer wakes the sleeping consumer; 0 while it is awake. */
    private volatile int wakeAt;
    private volatile boolean woken;

    /** @param capacity 1 to {@value #MAX_CAPACITY} elements */
    public EventQueue(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1 to " + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
        int length = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.mask = length - 1;
        this.slots = new AtomicReferenceArray<>(length);
        indices.set(PRODUCER_LIMIT, capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Queues {@code element} unless the queue is full or closed; never blocks. Any thread. */
    public Offer offer(E element) {
        Objects.requireNonNull(element, "element");
        long limit = indices.get(PRODUCER_LIMIT);
        long index;
        do {
            index = indices.get(PRODUCER_INDEX);
            if ((index & CLOSED_BIT) != 0) {
                return Offer.CLOSED;
            }
            if (index >= limit) {
                limit = indices.get(CONSUMER_INDEX) + capacity;
                if (index >= limit) {
                    return Offer.FULL;
                }
                indices.lazySet(PRODUCER_LIMIT, limit);
            }
        } while (!indices.compareAndSet(PRODUCER_INDEX, index, index + 1));
        slots.lazySet((int) index & mask, element);
        int threshold = wakeAt;
        if (threshold != 0 && index + 1 - indices.get(CONSUMER_INDEX) >= threshold) {
            LockSupport.unpark(consumer);
        }
        return Offer.QUEUED;
    }

    /**
     * Moves the queued elements into {@code sink}, oldest first, and returns how many. Stops early
     * at a slot claimed by a producer that has not written it yet; the next call takes it. Consumer
     * thread only.
     */
    public int drainTo(Collection<? super E> sink) {
        long index = indices.get(CONSUMER_INDEX);
        int moved = 0;
        for (E element = slots.get((int) index & mask); element != null; element = slots.get((int) index & mask)) {
            slots.lazySet((int) index & mask, null);
            index++;
            // Released after the slot is cleared: a producer that sees the room finds the slot empty.
            indices.lazySet(CONSUMER_INDEX, index);
            sink.add(element);
            moved++;
        }
        return moved;
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
     * re-check their state). Consumer thread only; the interrupt flag is left set.
     */
    public void await(long nanos, int threshold) {
        if (consumer != Thread.currentThread()) {
            consumer = Thread.currentThread();
        }
        wakeAt = Math.max(1, Math.min(threshold, capacity));
        try {
            // Read after wakeAt is published: a producer either sees wakeAt or is seen here.
            if (!woken && size() < wakeAt && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            wakeAt = 0;
            woken = false;
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
     * Refuses every later offer, then moves everything queued into {@code sink}, waiting for slots
     * that producers claimed but have not yet written (a few instructions away, unless the producer
     * is descheduled). Consumer thread only.
     */
    public int closeAndDrain(Collection<? super E> sink) {
        long end;
        do {
            end = indices.get(PRODUCER_INDEX);
        } while ((end & CLOSED_BIT) == 0 && !indices.compareAndSet(PRODUCER_INDEX, end, end | CLOSED_BIT));
        end &= ~CLOSED_BIT;
        int moved = drainTo(sink);
        while (indices.get(CONSUMER_INDEX) < end) {
            Thread.yield();
            moved += drainTo(sink);
        }
        return moved;
    }
}
