package io.github.gchatappender.core.report;

/**
 * A snapshot of an appender's counts, so that nothing is lost silently. Every event the appender
 * accepted ends exactly one way: delivered, dropped, or still pending, and
 * {@code accepted = delivered + dropped + pending} holds in every snapshot; after stop, pending is 0.
 * Stays readable after the appender stopped.
 */
public final class DeliveryStats {

    private final long eventsAccepted;
    private final long eventsDelivered;
    private final long eventsDropped;
    private final long messagesSent;
    private final long requestsFailed;
    private final long requestsRetried;
    private final long eventsIgnored;

    public DeliveryStats(
            long eventsAccepted,
            long eventsDelivered,
            long eventsDropped,
            long messagesSent,
            long requestsFailed,
            long requestsRetried) {
        this(eventsAccepted, eventsDelivered, eventsDropped, messagesSent, requestsFailed, requestsRetried, 0);
    }

    public DeliveryStats(
            long eventsAccepted,
            long eventsDelivered,
            long eventsDropped,
            long messagesSent,
            long requestsFailed,
            long requestsRetried,
            long eventsIgnored) {
        this.eventsAccepted = eventsAccepted;
        this.eventsDelivered = eventsDelivered;
        this.eventsDropped = eventsDropped;
        this.messagesSent = messagesSent;
        this.requestsFailed = requestsFailed;
        this.requestsRetried = requestsRetried;
        this.eventsIgnored = eventsIgnored;
    }

    /**
     * Events not taken in, outside the balance: logged on the appender's own threads (its HTTP
     * client's, say) or from inside the appender (an argument's {@code toString()} that logs), either
     * of which could make the appender feed itself.
     */
    public long getEventsIgnored() {
        return eventsIgnored;
    }

    /** Events at or above the appender's level that it took in, including those dropped later. */
    public long getEventsAccepted() {
        return eventsAccepted;
    }

    /** Events carried by a message that the webhook answered with 2xx. */
    public long getEventsDelivered() {
        return eventsDelivered;
    }

    /** Events that ended any other way: queue full, rejected, retries exhausted, shutdown deadline. */
    public long getEventsDropped() {
        return eventsDropped;
    }

    /** Events queued, waiting in a batch, or in a message not yet answered. */
    public long getEventsPending() {
        return eventsAccepted - eventsDelivered - eventsDropped;
    }

    /** Messages the webhook answered with 2xx. */
    public long getMessagesSent() {
        return messagesSent;
    }

    /** Requests that got no 2xx: an error status, a timeout or a network failure. */
    public long getRequestsFailed() {
        return requestsFailed;
    }

    /** Requests that repeated a failed one. */
    public long getRequestsRetried() {
        return requestsRetried;
    }

    @Override
    public String toString() {
        return "DeliveryStats{accepted=" + eventsAccepted + ", delivered=" + eventsDelivered
                + ", dropped=" + eventsDropped + ", pending=" + getEventsPending()
                + ", messagesSent=" + messagesSent + ", requestsFailed=" + requestsFailed
                + ", requestsRetried=" + requestsRetried + ", ignored=" + eventsIgnored + '}';
    }
}
