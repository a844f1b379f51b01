package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;
import org.openjdk.jcstress.infra.results.ZJ_Result;

/**
 * The callers' repeat counters against the dispatcher: every repeat a caller was told is counted ends
 * in the dispatcher's count, once.
 */
public class RepeatCountersStress {

    /** A caller's add racing the dispatcher's close before its batch is sent. r1: the add taken; r2: what close counted. */
    @JCStressTest
    @Outcome(id = "true, 1", expect = Expect.ACCEPTABLE, desc = "Added before the close, counted by it.")
    @Outcome(
            id = "false, 0",
            expect = Expect.ACCEPTABLE,
            desc = "Refused after the close: the caller queues the event.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A repeat lost, or counted though refused.")
    @State
    public static class AddAgainstClose {
        private final RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        private final RepeatCounters.Counter counter;
        private final long[] closed = new long[1];

        public AddAgainstClose() {
            repeats.adopt("com.acme.Orders", "", "Order {} failed", "key", "Order {} failed");
            counter = repeats.find("com.acme.Orders", "", "Order {} failed");
        }

        @Actor
        public void caller(ZJ_Result r) {
            r.r1 = counter.add(1);
        }

        @Actor
        public void dispatcher(ZJ_Result r) {
            repeats.close("key", (c, counted) -> closed[0] += counted);
            r.r2 = closed[0];
        }
    }

    /**
     * A counter a caller opened, given up by that caller (its event found the queue full) while the
     * dispatcher adopts it and closes it: one of them counts the 3 repeats, never both, never neither.
     * r1: what abandon counted; r2: what the dispatcher's close counted.
     */
    @JCStressTest
    @Outcome(
            id = {"3, 0", "0, 3"},
            expect = Expect.ACCEPTABLE,
            desc = "Counted once, by whoever came first.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "Counted twice, or not at all.")
    @State
    public static class AbandonAgainstAdopt {
        private final RepeatCounters repeats = new RepeatCounters(new DeliveryCounters());
        private final RepeatCounters.Counter counter;
        private final long[] closed = new long[1];

        public AbandonAgainstAdopt() {
            counter = repeats.openFor("com.acme.Orders", "", "Order {} failed", null);
            counter.add(1);
            counter.add(2);
            counter.add(3);
        }

        @Actor
        public void caller(JJ_Result r) {
            r.r1 = repeats.abandon(counter);
        }

        @Actor
        public void dispatcher(JJ_Result r) {
            repeats.adopt("com.acme.Orders", "", "Order {} failed", "key", "Order {} failed");
            repeats.close("key", (c, counted) -> closed[0] += counted);
            r.r2 = closed[0];
        }
    }
}
