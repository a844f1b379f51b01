package io.github.gchatappender.core.internal.event;

/**
 * The lengths at which an event's names and message are cut when it is copied, in one place: the
 * snapshot ({@link io.github.gchatappender.core.event.AlertEvent}) cuts its fields here, and the
 * callers' repeat counters name a kind with the same cuts, so that a kind counted on a caller's
 * thread is the kind the dispatcher holds, however long the logger name, exception class or
 * template the application logs.
 */
public final class SnapshotCaps {

    /** Longest logger, thread or exception class name kept. */
    public static final int MAX_NAME_CHARS = 512;
    /** Longest message or template kept; the renderer shows far less, this only bounds memory. */
    public static final int MAX_MESSAGE_CHARS = 8192;

    private SnapshotCaps() {}

    /** A logger, thread or exception class name as a snapshot keeps it; null stays null. */
    public static String name(String name) {
        return SafeCut.head(name, MAX_NAME_CHARS);
    }

    /** A message or template as a snapshot keeps it; null stays null. */
    public static String message(String message) {
        return SafeCut.head(message, MAX_MESSAGE_CHARS);
    }
}
