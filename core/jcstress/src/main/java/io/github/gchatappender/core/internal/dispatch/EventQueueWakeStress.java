package io.github.gchatappender.core.internal.dispatch;

import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The consumer sleeps in {@link EventQueue#await} for longer than the test runs: an offer that reaches
 * its threshold wakes it, and so does {@link EventQueue#wake()}, whether they come before it parks or
 * while it is parked. A lost wake-up leaves the consumer asleep and the test stale.
 */
public class EventQueueWakeStress {

    private static final long LONGER_THAN_THE_TEST = TimeUnit.MINUTES.toNanos(10);

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "The offer woke the consumer.")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "The consumer slept through the offer.")
    @State
    public static class ByOffer {
        private final EventQueue<String> queue = new EventQueue<>(4);

        @Actor
        public void consumer() {
            queue.await(LONGER_THAN_THE_TEST, 1);
        }

        @Signal
        public void producer() {
            queue.offer("event");
        }
    }

    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "wake() woke the consumer.")
    @Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "The consumer slept through wake().")
    @State
    public static class ByWake {
        private final EventQueue<String> queue = new EventQueue<>(4);

        @Actor
        public void consumer() {
            queue.await(LONGER_THAN_THE_TEST, 1);
        }

        @Signal
        public void stop() {
            queue.wake();
        }
    }
}
