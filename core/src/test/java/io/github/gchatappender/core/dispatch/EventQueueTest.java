package io.github.gchatappender.core.dispatch;

import io.github.gchatappender.core.dispatch.EventQueue.Offer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class EventQueueTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

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

        assertThat(queue.closeAndDrain(out)).isEqualTo(2);

        assertThat(out).containsExactly("a", "b");
        assertThat(queue.offer("c")).isEqualTo(Offer.CLOSED);
        assertThat(queue.closeAndDrain(out)).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void refusesNullAndImpossibleCapacities() {
        assertThatThrownBy(() -> new EventQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventQueue<>(EventQueue.MAX_CAPACITY + 1)).isInstanceOf(IllegalArgumentException.class);
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
        queue.closeAndDrain(batch);
        closed.set(true);
        drained += checkOrder(batch, lastSeen);
        for (Thread thread : threads) {
            thread.join(GENEROUS.toMillis());
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(drained).isEqualTo(queued.get());
        assertThat(refused.get()).as("the consumer sleeps, so producers also meet a full queue").isPositive();
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
