package io.github.gchatappender.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.gchatappender.core.LogEventReader;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Logback's events for the core. The kind of a repeat is read from what Logback already
 * has: the logger, the template before formatting, and the class name in the throwable proxy
 * that Logback built when the event was made.
 */
enum LogbackEventReader implements LogEventReader<ILoggingEvent> {
    INSTANCE;

    @Override
    public String loggerName(ILoggingEvent event) {
        return event.getLoggerName();
    }

    @Override
    public String exceptionClassName(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        // As the snapshot names a proxy without a class name (a custom or deserialized one): the
        // kind counted here must be the kind the dispatcher holds.
        return proxy == null ? "" : Objects.requireNonNullElse(proxy.getClassName(), "java.lang.Throwable");
    }

    @Override
    public String messageTemplate(ILoggingEvent event) {
        return event.getMessage();
    }

    @Override
    public String formattedMessage(ILoggingEvent event) {
        return event.getFormattedMessage();
    }

    @Override
    public long timestampMillis(ILoggingEvent event) {
        return event.getTimeStamp();
    }

    /** Kept with the event by an {@code AsyncAppender}, which appends on its own worker thread. */
    @Override
    public String threadName(ILoggingEvent event) {
        return event.getThreadName();
    }

    /** The core's interface has no default for this form: the copy with no MDC key kept first. */
    @Override
    public AlertEvent snapshot(ILoggingEvent event) {
        return snapshot(event, List.of());
    }

    /**
     * The throwable is read from Logback's proxy, live event or deserialized one alike: Logback has
     * already copied the frames there, and reading the throwable again would clone its stack a second
     * time and take its monitor (getCause, getStackTrace and getSuppressed are synchronized) once more.
     */
    @Override
    public AlertEvent snapshot(ILoggingEvent event, Collection<String> keptMdcKeys) {
        return AlertEvent.builder()
                .timestampMillis(event.getTimeStamp())
                .level(event.getLevel().toString())
                .loggerName(event.getLoggerName())
                .threadName(event.getThreadName())
                .message(event.getFormattedMessage())
                .messagePattern(event.getMessage())
                .mdc(mdcOf(event), keptMdcKeys)
                .throwable(ThrowableSnapshot.of(event.getThrowableProxy(), LogbackProxyReader.INSTANCE))
                .build();
    }

    private static Map<String, String> mdcOf(ILoggingEvent event) {
        try {
            return event.getMDCPropertyMap();
        } catch (RuntimeException noMdcAdapter) {
            // A LoggerContext built by hand may have no MDC adapter; the event is still worth sending.
            return null;
        }
    }
}
