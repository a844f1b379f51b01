package io.github.gchatappender.core.internal.stats;

/**
 * The appender's counts over JMX, registered while the appender runs as
 * {@code io.github.gchatappender:type=GoogleChatAppender,name=<appender name>}. The same figures
 * as {@link io.github.gchatappender.core.report.DeliveryStats}; nothing here reveals the webhook URL.
 */
public interface GoogleChatAppenderMXBean {

    long getEventsAccepted();

    long getEventsDelivered();

    long getEventsDropped();

    long getEventsPending();

    long getMessagesSent();

    long getRequestsFailed();

    long getRequestsRetried();

    long getEventsIgnored();

    /** Tells this appender's registration from another's of the same name (another class loader's). */
    String getInstanceId();
}
