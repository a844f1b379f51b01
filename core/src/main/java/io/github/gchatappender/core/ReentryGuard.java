package io.github.gchatappender.core;

/**
 * Keeps an appender from being entered again on the same thread while it handles an event: an
 * argument's {@code toString()} or a throwable's {@code getMessage()} that logs an error would
 * otherwise call the appender from inside itself, and could loop. The inner event is ignored and
 * counted. Logback 1.5.21+ no longer guards appenders by default, and Log4j2 never did.
 */
public final class ReentryGuard {

    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    /** True if this thread may enter; then {@link #exit()} must follow, in a finally block. */
    public boolean enter() {
        if (inside.get() != null) {
            return false;
        }
        inside.set(Boolean.TRUE);
        return true;
    }

    public void exit() {
        inside.remove();
    }
}
