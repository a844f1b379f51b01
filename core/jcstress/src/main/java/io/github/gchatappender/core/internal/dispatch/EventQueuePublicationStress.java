package io.github.gchatappender.core.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two producers and a consumer draining while they offer: each element the consumer takes is fully
 * built (its field is not seen as 0: the slot is published after the element is written), each
 * producer's elements come out in its order, and none is lost. r1: elements drained with a field
 * seen as 0; r2: 1 if producer A's two elements came out in order; r3: elements drained in all.
 */
@JCStressTest
@Outcome(id = "0, 1, 3", expect = Expect.ACCEPTABLE, desc = "All three, built, A's in order.")
@Outcome(expect = Expect.FORBIDDEN, desc = "An element seen half-built, out of order, lost or doubled.")
@State
public class EventQueuePublicationStress {

    /** An element with a plain field, as an event is: only the queue's release store publishes it. */
    static final class Element {
        int value;

        Element(int value) {
            this.value = value;
        }
    }

    private final EventQueue<Element> queue = new EventQueue<>(8);
    private final List<Element> drained = new ArrayList<>();
    private int halfBuilt;

    @Actor
    public void producerA() {
        queue.offer(new Element(1));
        queue.offer(new Element(2));
    }

    @Actor
    public void producerB() {
        queue.offer(new Element(3));
    }

    @Actor
    public void consumer() {
        int before = drained.size();
        queue.drainTo(drained);
        for (int i = before; i < drained.size(); i++) {
            if (drained.get(i).value == 0) {
                halfBuilt++;
            }
        }
    }

    @Arbiter
    public void afterwards(III_Result r) {
        queue.drainTo(drained);
        int first = -1;
        int second = -1;
        for (int i = 0; i < drained.size(); i++) {
            int value = drained.get(i).value;
            if (value == 1) {
                first = i;
            } else if (value == 2) {
                second = i;
            }
        }
        r.r1 = halfBuilt;
        r.r2 = first >= 0 && second > first ? 1 : 0;
        r.r3 = drained.size();
    }
}
