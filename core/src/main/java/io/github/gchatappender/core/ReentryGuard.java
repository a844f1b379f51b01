package io.github.gchatappender.core;

/**
 * Keeps an appender from being entered again on the same thread while it handles an event: an
 * argument's {@code toString()} or a throwable's {@code getMessage()} that logs an error would
 * otherwise call the appender from inside itself, and could loop. The inner event is ignored and
 * counted. Logback 1.5.21+ no longer guards appenders by default, and Log4j2 never did.
 */
public final class ReentryGuard {

    /**
     * One flag per thread, set and cleared in place: a ThreadLocal entry set and removed on every
     * event would allocate on every event. The value is a JDK type, so a pooled thread that outlives
     * the appender retains no class of the appender's class loader.
     */
    private final ThreadLocal<boolean[]> inside = new ThreadLocal<>();

    /** True if this thread may enter; then {@link #exit()} must follow, in a finally block. */
    public boolean enter() {
        boolean[] flag = inside.get();
        if (flag == null) {
            flag = new boolean[1];
            inside.set(flag);
        } else if (flag[0]) {
            return false;
        }
        flag[0] = true;
        return true;
    }

    public void exit() {
        boolean[] flag = inside.get();
        if (flag != null) {
            flag[0] = false;
        }
    }
}
