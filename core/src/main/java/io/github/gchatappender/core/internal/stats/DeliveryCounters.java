package io.github.gchatappender.core.internal.stats;

import io.github.gchatappender.core.report.DeliveryStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The live counts behind {@link DeliveryStats} and the MBean.
 *
 * <p>Every event enters the books once, in one step, so that no snapshot can catch it half-way,
 * not even one taken while callers are descheduled in the middle of an offer:
 * <ul>
 *   <li><b>queued</b>: it claimed a place in the queue, which the queue counts
 *       ({@link io.github.gchatappender.core.internal.dispatch.EventQueue#claimed}); a place whose producer
 *       never wrote it ends as dropped, like any event the dispatcher gives up;</li>
 *   <li><b>taken in</b> by the dispatcher, for a repeat: when it harvests the repeat from its kind's
 *       counter;</li>
 *   <li>or <b>turned away</b> on arrival (queue full or closed, unreadable, a repeat counter given
 *       up): accepted and dropped at once.</li>
 * </ul>
 * The first two end later as delivered or dropped, counted by the dispatcher. Accepted is the sum of
 * the three, and pending is derived, never stored: what the queue and the dispatcher hold. So every
 * count only grows, pending never drifts, is never negative, and is 0 once the dispatcher has ended,
 * whatever callers still do.
 * <p>LongAdders: callers that turn events away on many cores do not contend.
 */
public final class DeliveryCounters implements GoogleChatAppenderMXBean {

    private final LongAdder takenIn = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder turnedAway = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedUnreadable = new LongAdder();
    private final LongAdder repeatsGivenUp = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder requestsFailed = new LongAdder();
    private final LongAdder requestsRetried = new LongAdder();
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private final LongSupplier queued;

    /** Counts with no queue in front of the dispatcher. */
    public DeliveryCounters() {
        this(() -> 0);
    }

    /** @param queued how many places were ever claimed in the queue (see {@code EventQueue.claimed()}) */
    public DeliveryCounters(LongSupplier queued) {
        this.queued = queued;
    }

    /** Repeats the dispatcher now holds, harvested from their counters; dispatcher thread. */
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

    /**
     * Repeats turned away with the counter that counted them, which no batch adopted: their kind's
     * first event never reached the dispatcher. Any thread.
     */
    public void repeatsGivenUp(long events) {
        repeatsGivenUp.add(events);
        turnedAway.add(events);
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

    /** Events dropped so far, however; for noticing drops as they happen. */
    public long droppedSoFar() {
        return dropped.sum() + turnedAway.sum();
    }

    /** Events dropped because the queue was full, since the appender started. */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Repeats dropped with a counter no batch adopted, since the appender started. */
    public long repeatsGivenUp() {
        return repeatsGivenUp.sum();
    }

    /** Events dropped because they could not be read, since the appender started. */
    public long droppedUnreadable() {
        return droppedUnreadable.sum();
    }

    /**
     * The counts as of now. The outcomes are read first, then what comes before every outcome (taken
     * in, queued), so pending is never negative; turned-away events are read once and counted on both
     * sides.
     */
    public DeliveryStats snapshot() {
        long deliveredNow = delivered.sum();
        long droppedNow = dropped.sum();
        long turnedAwayNow = turnedAway.sum();
        long messagesNow = messagesSent.sum();
        long failedNow = requestsFailed.sum();
        long retriedNow = requestsRetried.sum();
        long takenInNow = takenIn.sum();
        return new DeliveryStats(
                takenInNow + queued.getAsLong() + turnedAwayNow,
                deliveredNow,
                droppedNow + turnedAwayNow,
                messagesNow,
                failedNow,
                retriedNow,
                ignored.sum());
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
