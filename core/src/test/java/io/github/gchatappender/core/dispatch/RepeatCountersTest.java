package io.github.gchatappender.core.dispatch;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The callers' counters: found by kind, and exact when callers race the dispatcher's harvest and close. */
class RepeatCountersTest {

    @Test
    void aCounterIsFoundByLoggerExceptionAndTemplateOnly() {
        RepeatCounters repeats = new RepeatCounters();
        repeats.open("com.acme.Orders", "java.io.IOException", "Order {} failed", "key", "Order {} failed");

        assertThat(repeats.find("com.acme.Orders", "java.io.IOException", "Order {} failed")).isNotNull();
        assertThat(repeats.find("com.acme.Orders", "", "Order {} failed")).isNull();
        assertThat(repeats.find("com.acme.Payments", "java.io.IOException", "Order {} failed")).isNull();
        assertThat(repeats.find("com.acme.Orders", "java.io.IOException", "Order {} shipped")).isNull();
        assertThat(repeats.find("com.acme.Orders", "java.io.IOException", null)).isNull();
    }

    @Test
    void noMoreThanTheCapAreOpenAndAClosedOneIsForgotten() {
        RepeatCounters repeats = new RepeatCounters();
        for (int i = 0; i < RepeatCounters.MAX_COUNTERS + 10; i++) {
            repeats.open("logger" + i, "", "t", "key" + i, "t");
        }
        assertThat(repeats.open()).hasSize(RepeatCounters.MAX_COUNTERS);
        assertThat(repeats.find("logger" + RepeatCounters.MAX_COUNTERS, "", "t")).isNull();

        List<Long> harvested = new ArrayList<>();
        RepeatCounters.Counter first = repeats.find("logger0", "", "t");
        first.add(5);
        repeats.close("key0", (counter, counted) -> harvested.add(counted));

        assertThat(harvested).containsExactly(1L);
        assertThat(first.add(6)).isFalse();
        assertThat(repeats.find("logger0", "", "t")).isNull();
    }

    /**
     * Four callers add as fast as they can while the dispatcher harvests, then closes: every add that
     * returned true is in exactly one harvest or in the close, and none after. A counter whose add
     * did not check the closed bit in the same atomic step (a plain read, then an increment) loses
     * adds that land between the two, and this test fails on it within a few repetitions.
     */
    @RepeatedTest(20)
    void everyRepeatCountedIsHarvestedExactlyOnceWhileCallersRaceTheClose() throws InterruptedException {
        RepeatCounters repeats = new RepeatCounters();
        repeats.open("com.acme.Orders", "", "Order {} failed", "key", "Order {} failed");
        RepeatCounters.Counter counter = repeats.find("com.acme.Orders", "", "Order {} failed");
        int callers = 4;
        AtomicLong added = new AtomicLong();
        AtomicLong refusedAfterClose = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean takenAfterClose = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(callers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                long mine = 0;
                started.countDown();
                while (true) {
                    boolean wasClosed = closed.get();
                    if (counter.add(System.currentTimeMillis())) {
                        if (wasClosed) {
                            takenAfterClose.set(true);
                        }
                        mine++;
                    } else {
                        refusedAfterClose.incrementAndGet();
                        break;
                    }
                }
                added.addAndGet(mine);
            });
            thread.start();
            threads.add(thread);
        }
        started.await();
        long harvested = 0;
        for (int i = 0; i < 1_000; i++) {
            harvested += counter.harvest();
        }
        long[] last = new long[1];
        repeats.close("key", (c, counted) -> last[0] = counted);
        closed.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(takenAfterClose).as("an add taken after the close").isFalse();
        assertThat(refusedAfterClose.get()).isEqualTo(callers);
        assertThat(harvested + last[0]).isEqualTo(added.get());
        assertThat(counter.harvest()).isZero();
        assertThat(counter.lastMillis()).isPositive();
    }
}
