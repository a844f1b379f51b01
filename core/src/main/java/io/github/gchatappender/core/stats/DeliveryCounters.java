package io.github.gchatappender.core.stats;

import io.github.gchatappender.core.DeliveryStats;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The live counts behind {@link DeliveryStats} and the MBean.
 *
 * <p>Every event enters the books once, in one step, so that no snapshot can catch it half-way,
 * not even one taken while callers are descheduled in the middle of an offer:
 * <ul>
 *   <li><b>taken in</b> by the dispatcher, when it drains the event from the queue or harvests the
 *       repeat from its kind's counter; it ends later as delivered or dropped, both counted by the
 *       dispatcher too;</li>
 *   <li>or <b>turned away</b> on arrival (queue full or closed, unreadable, a repeat counter given up,
 *       a queue slot never written): accepted and dropped at once.</li>
 * </ul>
 * Events still in the queue count too, as accepted and pending, by the queue's size at the moment of
 * the snapshot. Accepted is the sum of the three, and pending is derived, never stored: what waits in
 * the queue, and what the dispatcher took in and has not yet delivered or dropped. So pending never
 * drifts, is never negative, and is 0 once the dispatcher has ended and closed the queue, whatever
 * callers still do.
 * <p>LongAdders: callers that turn events away on many cores do not contend.
 */
public final class DeliveryCounters implements GoogleChatAppenderMXBean {

    private final LongAdder takenIn = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder turnedAway = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedUnreadable = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder requestsFailed = new LongAdder();
    private final LongAdder requestsRetried = new LongAdder();
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private final IntSupplier queued;

    /** Counts with no queue in front of the dispatcher. */
    public DeliveryCounters() {
        this(() -> 0);
    }

    /** @param queued how many events wait in the queue, not yet taken in */
    public DeliveryCounters(IntSupplier queued) {
        this.queued = queued;
    }

    /** Events (or repeats) the dispatcher now holds; dispatcher thread. */
    public void takenIn(long events) {
        takenIn.add(events);
    }

    /** Events the dispatcher held and gives up; dispatcher thread. */
    public void dropped(long events) {
        dropped.add(events);
    }

    /** Events accepted and dropped at once, never held: the queue was closed, say. Any thread. */
    public void turnedAway(long events) {
        turnedAway.add(events);
    }

    /** An event turned away because the queue was full. Any thread. */
    public void queueFull() {
        droppedQueueFull.increment();
        turnedAway.increment();
    }

    /** An event turned away because it could not be read: its message or arguments failed. Any thread. */
    public void unreadable() {
        droppedUnreadable.increment();
        turnedAway.increment();
    }

    /** An event not taken in: logged on the appender's own threads, or from inside the appender. */
    public void ignored() {
        ignored.increment();
    }

    public void delivered(long events) {
        delivered.add(events);
        messagesSent.increment();
    }

    public void requestFailed() {
        requestsFailed.increment();
    }

    public void requestRetried() {
        requestsRetried.increment();
    }

    /** Events dropped because the queue was full, since the appender started. */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Events dropped because they could not be read, since the appender started. */
    public long droppedUnreadable() {
        return droppedUnreadable.sum();
    }

    /**
     * The counts as of now. The outcomes are read before {@code takenIn}, which the dispatcher adds to
     * first, and the queue last, so that no event is counted both taken in and queued, and pending is
     * never negative; turned-away events are read once and counted on both sides.
     */
    public DeliveryStats snapshot() {
        long deliveredNow = delivered.sum();
        long droppedNow = dropped.sum();
        long turnedAwayNow = turnedAway.sum();
        long messagesNow = messagesSent.sum();
        long failedNow = requestsFailed.sum();
        long retriedNow = requestsRetried.sum();
        long takenInNow = takenIn.sum();
        return new DeliveryStats(takenInNow + queued.getAsInt() + turnedAwayNow, deliveredNow, droppedNow + turnedAwayNow,
                messagesNow, failedNow, retriedNow, ignored.sum());
    }

    @Override
    public long getEventsAccepted() {
        return snapshot().getEventsAccepted();
    }

    @Override
    public long getEventsDelivered() {
        return delivered.sum();
    }

    @Override
    public long getEventsDropped() {
        return snapshot().getEventsDropped();
    }

    @Override
    public long getEventsPending() {
        return snapshot().getEventsPending();
    }

    @Override
    public long getMessagesSent() {
        return messagesSent.sum();
    }

    @Override
    public long getRequestsFailed() {
        return requestsFailed.sum();
    }

    @Override
    public long getRequestsRetried() {
        return requestsRetried.sum();
    }

    @Override
    public long getEventsIgnored() {
        return ignored.sum();
    }

    @Override
    public String getInstanceId() {
        return instanceId;
    }
}
