package io.github.gchatappender.core.stats;

import io.github.gchatappender.core.DeliveryStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The live counts behind {@link DeliveryStats} and the MBean. Caller threads only add to
 * {@code accepted} and {@code dropped} (LongAdder: no contention between them); the rest is written
 * by the dispatcher. Pending is derived, never stored, so the balance cannot drift.
 */
public final class DeliveryCounters implements GoogleChatAppenderMXBean {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedUnreadable = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder requestsFailed = new LongAdder();
    private final LongAdder requestsRetried = new LongAdder();
    private final String instanceId = java.util.UUID.randomUUID().toString();

    public void accepted() {
        accepted.increment();
    }

    public void queueFull() {
        droppedQueueFull.increment();
        dropped.increment();
    }

    /** An event not taken in: logged on the appender's own threads, or from inside the appender. */
    public void ignored() {
        ignored.increment();
    }

    /** An event already counted as accepted that could not be snapshot. */
    public void unreadableAccepted() {
        droppedUnreadable.increment();
        dropped.increment();
    }

    public void dropped(long events) {
        dropped.add(events);
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
     * A consistent-enough snapshot: the outcomes are read before {@code accepted}, so an event
     * accepted and delivered during the read can only make pending larger, never negative.
     */
    public DeliveryStats snapshot() {
        long deliveredNow = delivered.sum();
        long droppedNow = dropped.sum();
        long messagesNow = messagesSent.sum();
        long failedNow = requestsFailed.sum();
        long retriedNow = requestsRetried.sum();
        return new DeliveryStats(accepted.sum(), deliveredNow, droppedNow, messagesNow, failedNow, retriedNow, ignored.sum());
    }

    @Override
    public long getEventsAccepted() {
        return accepted.sum();
    }

    @Override
    public long getEventsDelivered() {
        return delivered.sum();
    }

    @Override
    public long getEventsDropped() {
        return dropped.sum();
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
