package io.github.gchatappender.core;

import io.github.gchatappender.core.event.AlertEvent;

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

    long timestampMillis(E event);

    /**
     * The name of the thread that logged the event, when the framework may append it on another thread
     * (Log4j2's async loggers and {@code <Async>}); null, the default, when it is always the current thread.
     * An event logged on one of the appender's own threads is then ignored wherever it is appended.
     */
    default String threadName(E event) {
        return null;
    }

    /** The full copy of the event, message formatted and exception chain copied. */
    AlertEvent snapshot(E event);
}
