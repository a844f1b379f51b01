package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.SnapshotCaps;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The callers' counters: found by kind, and exact when callers race the dispatcher's harvest and close. */
class RepeatCountersTest {

    @Test
    void aCounterIsFoundByLoggerExceptionAndTemplateOnly() {
        RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        repeats.adopt("com.acme.Orders", "java.io.IOException", "Order {} failed", "key", "Order {} failed");

        assertThat(repeats.find("com.acme.Orders", "java.io.IOException", "Order {} failed"))
                .isNotNull();
        assertThat(repeats.find("com.acme.Orders", "", "Order {} failed")).isNull();
        assertThat(repeats.find("com.acme.Payments", "java.io.IOException", "Order {} failed"))
                .isNull();
        assertThat(repeats.find("com.acme.Orders", "java.io.IOException", "Order {} shipped"))
                .isNull();
        assertThat(repeats.find("com.acme.Orders", "java.io.IOException", null)).isNull();
    }

    /**
     * The caller names a kind by the raw values, the dispatcher by the snapshot's, which are cut: a
     * template of an upstream error page, or a generated logger name, must still make one kind.
     */
    @Test
    void aKindIsTheSameOnBothSidesWhateverTheLengthOfItsNames() {
        String logger = "com.acme." + "l".repeat(SnapshotCaps.MAX_NAME_CHARS);
        String exception = "com.acme." + "E".repeat(SnapshotCaps.MAX_NAME_CHARS);
        String template = "<html>" + "x".repeat(SnapshotCaps.MAX_MESSAGE_CHARS) + "{}</html>";
        AlertEvent snapshot =
                AlertEvent.builder().loggerName(logger).messagePattern(template).build();
        String snapshotException = new ThrowableSnapshot(exception, null, List.of(), 0, null, List.of()).className();
        assertThat(snapshot.messagePattern()).hasSize(SnapshotCaps.MAX_MESSAGE_CHARS);

        RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        RepeatCounters.Counter opened = repeats.openFor(logger, exception, template, null);
        repeats.adopt(snapshot.loggerName(), snapshotException, snapshot.messagePattern(), "key", "pattern");

        assertThat(repeats.open()).containsExactly(opened);
        assertThat(repeats.find(logger, exception, template)).isSameAs(opened);
    }

    @Test
    void noMoreThanTheCapAreOpenAndAClosedOneIsForgotten() {
        RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        for (int i = 0; i < RepeatCounters.MAX_COUNTERS + 10; i++) {
            repeats.adopt("logger" + i, "", "t", "key" + i, "t");
        }
        assertThat(repeats.open()).hasSize(RepeatCounters.MAX_COUNTERS);
        assertThat(repeats.find("logger" + RepeatCounters.MAX_COUNTERS, "", "t"))
                .isNull();

        List<Long> harvested = new ArrayList<>();
        RepeatCounters.Counter first = repeats.find("logger0", "", "t");
        first.add(5);
        repeats.close("key0", (counter, counted) -> harvested.add(counted));

        assertThat(harvested).containsExactly(1L);
        assertThat(first.add(6)).isFalse();
        assertThat(repeats.find("logger0", "", "t")).isNull();
    }

    /** A kind's first event opens its counter on the caller's side; repeats before the fold are not lost. */
    @Test
    void aCounterOpenedByACallerIsAdoptedByTheBatchOrAbandonedWithItsCount() {
        RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        RepeatCounters.Counter opened = repeats.openFor("com.acme.Orders", "", "t", null);
        assertThat(repeats.openFor("com.acme.Orders", "", "t", null))
                .as("one per kind")
                .isNull();
        opened.add(1);
        opened.add(2);
        repeats.adopt("com.acme.Orders", "", "t", "key", "t");

        assertThat(repeats.abandon(opened)).as("adopted first").isZero();
        assertThat(repeats.open()).containsExactly(opened);
        assertThat(opened.harvest()).isEqualTo(2);

        RepeatCounters.Counter orphan = repeats.openFor("com.acme.Payments", "", "t", null);
        orphan.add(3);
        assertThat(repeats.abandon(orphan)).isEqualTo(1);
        assertThat(orphan.add(4)).isFalse();
        assertThat(repeats.find("com.acme.Payments", "", "t")).isNull();
    }

    /**
     * The caller that opened a counter gives it up (its event found the queue full) while the
     * dispatcher adopts it (it folded an earlier event of the kind): exactly one of them wins, and the
     * repeats are counted once, by the winner.
     */
    @Test
    void abandoningRacesAdoptingAndTheRepeatsAreCountedOnce() throws InterruptedException {
        for (int round = 0; round < 2_000; round++) {
            RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
            RepeatCounters.Counter counter = repeats.openFor("com.acme.Orders", "", "t", null);
            for (int i = 0; i < 5; i++) {
                counter.add(i);
            }
            long[] abandoned = new long[1];
            CountDownLatch go = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                awaitQuietly(go);
                abandoned[0] = repeats.abandon(counter);
            });
            caller.start();
            go.countDown();
            repeats.adopt("com.acme.Orders", "", "t", "key", "t");
            caller.join();
            long[] harvested = new long[1];
            repeats.close("key", (c, counted) -> harvested[0] += counted);

            assertThat(abandoned[0] + harvested[0]).as("round %d", round).isEqualTo(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A closed counter is replaced by the next caller's, not added to. */
    @Test
    void theFirstCallerAfterABatchLeftOpensTheNextCounter() {
        RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        repeats.adopt("com.acme.Orders", "", "t", "key", "t");
        RepeatCounters.Counter first = repeats.find("com.acme.Orders", "", "t");
        repeats.close("key", (counter, counted) -> {});

        RepeatCounters.Counter next = repeats.openFor("com.acme.Orders", "", "t", first);

        assertThat(next).isNotNull().isNotSameAs(first);
        assertThat(repeats.find("com.acme.Orders", "", "t")).isSameAs(next);
        assertThat(repeats.closeAll()).isZero();
    }

    /**
     * Four callers add as fast as they can while the dispatcher harvests, then closes: every add that
     * returned true is in exactly one harvest or in the close, and none after. A counter whose add
     * did not check the closed bit in the same atomic step (a plain read, then an increment) loses
     * adds that land between the two, and this test fails on it within a few repetitions.
     */
    @RepeatedTest(20)
    void everyRepeatCountedIsHarvestedExactlyOnceWhileCallersRaceTheClose() throws InterruptedException {
        RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        repeats.adopt("com.acme.Orders", "", "Order {} failed", "key", "Order {} failed");
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
