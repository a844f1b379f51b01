package io.github.gchatappender.core.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Slots reused across laps: a queue of capacity 1 and one of capacity 2 have each been filled and
 * drained once, so the next offer writes a slot that held an element before, while the consumer
 * drains. The new element is drained exactly once, and never the old one again. r1, r2: how often
 * the new element was drained from the queue of capacity 1 and of capacity 2; a stale element or
 * a lost one gives another count.
 */
public class EventQueueLapStress {

    /** One queue of a capacity, one lap done. */
    abstract static class Lap {
        final EventQueue<String> queue;
        final String old = "old";
        final String fresh = "fresh";
        final List<String> drained = new ArrayList<>();

        Lap(int capacity) {
            queue = new EventQueue<>(capacity);
            for (int i = 0; i < capacity; i++) {
                queue.offer(old);
            }
            queue.drainTo(new ArrayList<>());
        }

        int freshDrainedOnce() {
            queue.drainTo(drained);
            int fresh = 0;
            for (String e : drained) {
                if (e == this.fresh) {
                    fresh++;
                } else {
                    return -1; // The old element came back.
                }
            }
            return fresh;
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "The new element drained once from each queue.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "Lost, drained twice, or a stale element drained.")
    @State
    public static class CapacityOneAndTwo {
        private final Lap one = new Lap(1) {};
        private final Lap two = new Lap(2) {};

        @Actor
        public void producer() {
            one.queue.offer(one.fresh);
            two.queue.offer(two.fresh);
        }

        @Actor
        public void consumer() {
            one.queue.drainTo(one.drained);
            two.queue.drainTo(two.drained);
        }

        @Arbiter
        public void afterwards(II_Result r) {
            r.r1 = one.freshDrainedOnce();
            r.r2 = two.freshDrainedOnce();
        }
    }
}
