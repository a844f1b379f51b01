package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.LogEventReader;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * Reads Log4j2's events for the core. The kind of a repeat is read without formatting: the
 * logger, the message's format, the throwable's class.
 */
enum Log4j2EventReader implements LogEventReader<LogEvent> {
    INSTANCE;

    @Override
    public String loggerName(LogEvent event) {
        return event.getLoggerName();
    }

    @Override
    public String exceptionClassName(LogEvent event) {
        Throwable thrown = event.getThrown();
        return thrown == null ? "" : thrown.getClass().getName();
    }

    @Override
    public String messageTemplate(LogEvent event) {
        Message message = event.getMessage();
        return message == null ? null : message.getFormat();
    }

    @Override
    public long timestampMillis(LogEvent event) {
        return event.getTimeMillis();
    }

    /**
     * Behind async loggers or {@code <Async>}, append runs on the framework's thread, so the current
     * thread says nothing about where the event was logged; the event keeps the logging thread's name.
     */
    @Override
    public String threadName(LogEvent event) {
        return event.getThreadName();
    }

    @Override
    public String formattedMessage(LogEvent event) {
        Message message = event.getMessage();
        return message == null ? null : message.getFormattedMessage();
    }

    /** The core's interface has no default for this form: the copy with no MDC key kept first. */
    @Override
    public AlertEvent snapshot(LogEvent event) {
        return snapshot(event, List.of());
    }

    /** Copies the (mutable, reused) event into the core's immutable value. */
    @Override
    public AlertEvent snapshot(LogEvent event, Collection<String> keptMdcKeys) {
        Message message = event.getMessage();
        return AlertEvent.builder()
                .timestampMillis(event.getTimeMillis())
                .level(event.getLevel().name())
                .loggerName(event.getLoggerName())
                .threadName(event.getThreadName())
                .message(message == null ? "" : message.getFormattedMessage())
                .messagePattern(message == null ? null : message.getFormat())
                .mdc(contextOf(event), keptMdcKeys)
                .throwable(ThrowableSnapshot.of(event.getThrown()))
                .build();
    }

    /** The context data as a map; null when empty, so that most events copy no map at all. */
    private static Map<String, String> contextOf(LogEvent event) {
        ReadOnlyStringMap data = event.getContextData();
        return data == null || data.isEmpty() ? null : data.toMap();
    }
}
