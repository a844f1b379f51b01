package io.github.gchatappender.core.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A producer that claimed its slot long ago writes it just as the consumer, out of patience, gives
 * the slot up: exactly one of them wins. Either the element is queued and drained, or the producer
 * is told it came too late and the slot is counted as a hole; never both, never neither. The
 * consumer's other half, after the give-up: a write into a slot given up lands in no later lap.
 * r1: 1 for QUEUED, 3 for TOO_LATE; r2: times the element was drained; r3: holes counted.
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE, desc = "Written first: queued and drained.")
@Outcome(id = "3, 0, 1", expect = Expect.ACCEPTABLE, desc = "Given up first: too late, and counted as a hole.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Lost, drained twice, or both counted.")
@State
public class EventQueueGiveUpStress {

    private final EventQueue<String> queue = new EventQueue<>(2);
    private final String element = "event";
    private final long claimed = queue.claim();

    @Actor
    public void lateProducer(III_Result r) {
        r.r1 = queue.publish(claimed, element) == EventQueue.Offer.QUEUED ? 1 : 3;
    }

    @Actor
    public void consumer(III_Result r) {
        List<String> drained = new ArrayList<>();
        queue.closeAndDrain(drained, 0);
        int seen = 0;
        for (String e : drained) {
            if (e == element) {
                seen++;
            }
        }
        r.r2 = seen;
        r.r3 = (int) queue.holes();
    }
}
