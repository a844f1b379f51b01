package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.gchatappender.core.internal.dispatch.EventQueue.Offer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventQueueTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final long PATIENCE = TimeUnit.SECONDS.toNanos(5);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The consumer's clock, moved by hand. */
    private long now;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 1000, 1024})
    void holdsExactlyItsCapacityInOrderAcrossManyLaps(int capacity) {
        EventQueue<Integer> queue = new EventQueue<>(capacity);
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int lap = 0; lap < 7; lap++) {
            int first = next;
            while (queue.offer(next) == Offer.QUEUED) {
                next++;
            }
            assertThat(next - first).isEqualTo(capacity);
            assertThat(queue.size()).isEqualTo(capacity);
            assertThat(queue.offer(-1)).isEqualTo(Offer.FULL);
            out.clear();
            assertThat(queue.drainTo(out)).isEqualTo(capacity);
            assertThat(out).first().isEqualTo(first);
            assertThat(out).last().isEqualTo(next - 1);
            assertThat(out).isSorted();
            assertThat(queue.isEmpty()).isTrue();
        }
    }

    @Test
    void aClosedQueueRefusesOffersAndGivesUpWhatItHeld() {
        EventQueue<String> queue = new EventQueue<>(4);
        queue.offer("a");
        queue.offer("b");
        List<String> out = new ArrayList<>();

        assertThat(queue.closeAndDrain(out, PATIENCE)).isEqualTo(2);

        assertThat(out).containsExactly("a", "b");
        assertThat(queue.offer("c")).isEqualTo(Offer.CLOSED);
        assertThat(queue.closeAndDrain(out, PATIENCE)).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    /**
     * A producer that died between claiming its slot and writing it (a StackOverflowError, say): the
     * slot is given up after a second of looking, counted, and the elements behind it flow again,
     * lap after lap.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aSlotClaimedAndNeverWrittenIsGivenUpCountedAndSkipped(int capacity) {
        EventQueue<String> queue = new EventQueue<>(capacity, () -> now);
        assertThat(queue.claim()).as("the producer that dies").isZero();
        for (int i = 1; i < capacity; i++) {
            assertThat(queue.offer("behind-" + i)).isEqualTo(Offer.QUEUED);
        }
        List<String> out = new ArrayList<>();
        for (int look = 0; look < 9; look++) {
            assertThat(queue.drainTo(out))
                    .as("look %d, at %d ms", look, now / MS)
                    .isZero();
            now += 120 * MS;
        }
        assertThat(queue.drainTo(out)).isEqualTo(capacity - 1);
        assertThat(queue.holes()).isEqualTo(1);
        for (int lap = 0; lap < 3; lap++) {
            out.clear();
            for (int i = 0; i < capacity; i++) {
                assertThat(queue.offer("lap-" + lap + "-" + i)).isEqualTo(Offer.QUEUED);
            }
            assertThat(queue.offer("one too many")).isEqualTo(Offer.FULL);
            assertThat(queue.drainTo(out)).isEqualTo(capacity);
            assertThat(out).first().isEqualTo("lap-" + lap + "-0");
        }
        assertThat(queue.holes()).isEqualTo(1);
    }

    /** Looks far apart (the consumer was not running) start the clock again: a slow producer is not a dead one. */
    @Test
    void aSlotIsNotGivenUpWhenTheConsumerLookedAtItOnlyRarely() {
        EventQueue<String> queue = new EventQueue<>(4, () -> now);
        long claimed = queue.claim();
        List<String> out = new ArrayList<>();
        for (int look = 0; look < 5; look++) {
            queue.drainTo(out);
            now += 2_000 * MS;
        }
        assertThat(queue.holes()).isZero();
        assertThat(queue.publish(claimed, "slow")).isEqualTo(Offer.QUEUED);
        assertThat(queue.drainTo(out)).isEqualTo(1);
        assertThat(out).containsExactly("slow");
    }

    /** A producer that comes back after its slot was given up is told so, and its element lands nowhere. */
    @Test
    void aProducerWhoseSlotWasGivenUpIsToldTooLateAndWritesNothing() {
        EventQueue<String> queue = new EventQueue<>(2, () -> now);
        long late = queue.claim();
        List<String> out = new ArrayList<>();
        for (int look = 0; look <= 10; look++) {
            queue.drainTo(out);
            now += 110 * MS;
        }
        assertThat(queue.holes()).isEqualTo(1);
        // The next lap takes the same slot before the late producer comes back.
        assertThat(queue.offer("b")).isEqualTo(Offer.QUEUED);
        assertThat(queue.offer("c")).isEqualTo(Offer.QUEUED);
        assertThat(queue.drainTo(out)).isEqualTo(2);

        assertThat(queue.publish(late, "late")).isEqualTo(Offer.TOO_LATE);

        assertThat(queue.offer("d")).isEqualTo(Offer.QUEUED);
        assertThat(queue.offer("e")).isEqualTo(Offer.QUEUED);
        assertThat(queue.drainTo(out)).isEqualTo(2);
        assertThat(out).containsExactly("b", "c", "d", "e");
    }

    /** A sink that fails to grow (an OutOfMemoryError) leaves the element it refused in the queue. */
    @Test
    void anElementTheSinkFailsToTakeStaysInTheQueue() {
        EventQueue<String> queue = new EventQueue<>(4);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        List<String> out = new ArrayList<>();
        List<String> failing = new ArrayList<>() {
            @Override
            public boolean add(String element) {
                if (element.equals("b")) {
                    throw new OutOfMemoryError("no room to grow");
                }
                return super.add(element);
            }
        };

        assertThatThrownBy(() -> queue.drainTo(failing)).isInstanceOf(OutOfMemoryError.class);
        assertThat(failing).containsExactly("a");
        assertThat(queue.drainTo(out)).isEqualTo(2);
        assertThat(out).containsExactly("b", "c");
        assertThat(queue.isEmpty()).isTrue();
    }

    /** The last drain waits for an unwritten slot no longer than its patience, then gives it up. */
    @Test
    void closeAndDrainGivesUpAnUnwrittenSlotWhenItsPatienceRunsOut() {
        EventQueue<String> queue = new EventQueue<>(4);
        queue.claim();
        queue.offer("behind");
        List<String> out = new ArrayList<>();

        int moved = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> queue.closeAndDrain(out, TimeUnit.MILLISECONDS.toNanos(50)));

        assertThat(moved).isEqualTo(1);
        assertThat(out).containsExactly("behind");
        assertThat(queue.holes()).isEqualTo(1);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.offer("after")).isEqualTo(Offer.CLOSED);
    }

    /**
     * An unwritten slot at the head does not count as an element to wake for: the consumer sleeps
     * instead of spinning between await and an empty drain. Five awaits of 100 ms take at least
     * 250 ms, whatever a spurious wake-up may cut short.
     */
    @Test
    void anUnwrittenSlotAtTheHeadDoesNotEndAwaitAtOnce() {
        EventQueue<String> queue = new EventQueue<>(4);
        queue.claim();
        queue.offer("behind");
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            queue.await(100 * MS, 1);
            queue.drainTo(new ArrayList<>());
        }
        assertThat((System.nanoTime() - started) / MS).isGreaterThanOrEqualTo(250);
    }

    @Test
    void refusesNullAndImpossibleCapacities() {
        assertThatThrownBy(() -> new EventQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue<>(EventQueue.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue<>(1).offer(null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * Four producers against one consumer that drains and sleeps as the dispatcher does, closed while
     * the producers still run: every element a producer was told is queued comes out exactly once,
     * in each producer's order, and nothing else does.
     */
    @Test
    void underContentionEveryQueuedElementIsDrainedOnceAndInOrder() throws Exception {
        int producers = 4;
        EventQueue<long[]> queue = new EventQueue<>(64);
        AtomicLong queued = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(producers + 1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long producer = p;
            Thread thread = new Thread(() -> {
                await(start);
                for (long seq = 0; ; seq++) {
                    Offer offer = queue.offer(new long[] {producer, seq});
                    if (offer == Offer.QUEUED) {
                        queued.incrementAndGet();
                    } else if (offer == Offer.CLOSED) {
                        return;
                    } else {
                        refused.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        long[] lastSeen = {-1, -1, -1, -1};
        List<long[]> batch = new ArrayList<>();
        long drained = 0;
        await(start);
        while (drained < 2_000_000) {
            batch.clear();
            queue.drainTo(batch);
            drained += checkOrder(batch, lastSeen);
            queue.await(TimeUnit.MILLISECONDS.toNanos(1), 32);
        }
        batch.clear();
        queue.closeAndDrain(batch, PATIENCE);
        closed.set(true);
        drained += checkOrder(batch, lastSeen);
        for (Thread thread : threads) {
            thread.join(GENEROUS.toMillis());
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(drained).isEqualTo(queued.get());
        assertThat(refused.get())
                .as("the consumer sleeps, so producers also meet a full queue")
                .isPositive();
        assertThat(closed).isTrue();
    }

    private static int checkOrder(List<long[]> batch, long[] lastSeen) {
        for (long[] element : batch) {
            int producer = (int) element[0];
            assertThat(element[1]).as("producer %d's sequence", producer).isGreaterThan(lastSeen[producer]);
            lastSeen[producer] = element[1];
        }
        return batch.size();
    }

    @Test
    void aSleepingConsumerWakesWhenTheThresholdIsReached() throws Exception {
        EventQueue<String> queue = new EventQueue<>(16);
        CountDownLatch asleep = new CountDownLatch(1);
        CountDownLatch awake = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            asleep.countDown();
            queue.await(TimeUnit.HOURS.toNanos(1), 3);
            awake.countDown();
        });
        consumer.start();
        asleep.await();
        for (int i = 0; i < 3; i++) {
            queue.offer("e" + i);
        }

        assertThat(awake.await(GENEROUS.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void aWakeBeforeTheAwaitIsNotLost() {
        EventQueue<String> queue = new EventQueue<>(16);
        queue.wake();

        assertTimeoutPreemptively(GENEROUS, () -> queue.await(TimeUnit.HOURS.toNanos(1), 1));
    }

    @Test
    void anInterruptEndsTheAwaitAndStaysSet() {
        EventQueue<String> queue = new EventQueue<>(16);

        boolean stillInterrupted = assertTimeoutPreemptively(GENEROUS, () -> {
            Thread.currentThread().interrupt();
            queue.await(TimeUnit.HOURS.toNanos(1), 1);
            return Thread.interrupted();
        });

        assertThat(stillInterrupted).isTrue();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
