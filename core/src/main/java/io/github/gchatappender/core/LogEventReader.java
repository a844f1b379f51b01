package io.github.gchatappender.core;

import io.github.gchatappender.core.event.AlertEvent;
import java.util.Collection;

/**
 * How an adapter reads its framework's log event for {@link GoogleChatSender#offer(Object, LogEventReader)}:
 * first the few fields that say whether the event repeats a kind the dispatcher already holds, read
 * without formatting anything; the full snapshot only when it does not.
 *
 * <p>Called on the application's thread. Only {@link #snapshot} may throw; the sender then counts the
 * event as unreadable.
 */
public interface LogEventReader<E> {

    String loggerName(E event);

    /** The logged throwable's class name, or an empty string when there is none. */
    String exceptionClassName(E event);

    /** The message's template before formatting ({@code "Order {} failed"}), or null when the framework has none. */
    String messageTemplate(E event);

    /**
     * The message as the user reads it, formatted. Read on the caller's thread only when the template
     * carries no text of its own ({@code "{}"}, an empty format): the message then says which error it
     * is, and repeats are the same message. Null when the reader cannot tell; such events are then
     * copied and queued each, and fold in the dispatcher.
     */
    default String formattedMessage(E event) {
        return null;
    }

    long timestampMillis(E event);

    /**
     * The name of the thread that logged the event, when the framework may append it on another thread
     * (Log4j2's async loggers and {@code <Async>}, Logback's {@code AsyncAppender}); null, the default, when
     * it is always the current thread.
     * An event logged on one of the appender's own threads is then ignored wherever it is appended.
     */
    default String threadName(E event) {
        return null;
    }

    /** The full copy of the event, message formatted and exception chain copied. */
    AlertEvent snapshot(E event);

    /**
     * The full copy of the event, keeping the MDC keys that alerts read ({@code mdcKeys} and the
     * {@code linkTemplate}'s placeholders) first: a copy keeps at most {@value AlertEvent#MAX_MDC_ENTRIES}
     * entries, and must not lose those to the order of a larger MDC. By default, {@link #snapshot(Object)}.
     */
    default AlertEvent snapshot(E event, Collection<String> keptMdcKeys) {
        return snapshot(event);
    }
}
