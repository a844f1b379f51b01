package io.github.gchatappender.core.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An offer racing the consumer's last {@link EventQueue#closeAndDrain}: the producer is told QUEUED
 * if and only if the element was drained, and it is drained once at most. r1: 1 for QUEUED, 2 for
 * CLOSED; r2: how many times the element was drained.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "Queued before the close, and drained by it.")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "Refused after the close, and not drained.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Queued and lost, refused and drained, or drained twice.")
@State
public class EventQueueCloseStress {

    private final EventQueue<String> queue = new EventQueue<>(4);
    private final String element = "event";

    @Actor
    public void producer(II_Result r) {
        r.r1 = queue.offer(element) == EventQueue.Offer.QUEUED ? 1 : 2;
    }

    @Actor
    public void consumer(II_Result r) {
        List<String> drained = new ArrayList<>();
        queue.closeAndDrain(drained, TimeUnit.SECONDS.toNanos(10));
        int seen = 0;
        for (String e : drained) {
            if (e == element) {
                seen++;
            }
        }
        r.r2 = seen;
    }
}
