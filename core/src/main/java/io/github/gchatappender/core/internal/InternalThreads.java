package io.github.gchatappender.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the appender's own threads (dispatcher, HTTP) and recognises them. Events logged on
 * these threads, for example by an HTTP library through a JUL bridge, are never sent: sending them
 * could feed the appender its own failures in a loop.
 *
 * <p>Every thread is a daemon, so a forgotten {@code stop()} never keeps the JVM alive, and is
 * named {@code gchat-appender-<role>-<name>-<n>} so that a thread dump shows whose it is. The prefix
 * {@value #PREFIX} is the appender's alone: an event logged on a thread of that name is never sent.
 */
public final class InternalThreads implements ThreadFactory {

    /** The start of every name given here. */
    public static final String PREFIX = "gchat-appender-";

    private static final ThreadLocal<Boolean> INTERNAL = new ThreadLocal<>();

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public InternalThreads(String role, String name) {
        this.prefix = PREFIX + role + '-' + name + '-';
    }

    /**
     * True on a thread made by any {@code InternalThreads}, and on the JDK HTTP client's selector
     * threads ({@code HttpClient-<n>-SelectorManager}), which the JDK creates itself: an HTTP client
     * that logs through a JUL bridge logs there, and sending those events would feed the appender
     * its own traffic.
     */
    public static boolean isCurrentThreadInternal() {
        if (INTERNAL.get() != null) {
            return true;
        }
        return isSelectorName(Thread.currentThread().getName());
    }

    /**
     * True if {@code threadName} is that of a thread made by an {@code InternalThreads}, or of the JDK
     * HTTP client's selector: for an event that a framework appends on a thread of its own (Log4j2's
     * async loggers and {@code <Async>}), named by the thread that logged it. By name, not by thread,
     * since that thread may have ended by the time its event is appended; no lock, no allocation.
     */
    public static boolean isInternalThreadName(String threadName) {
        return threadName.startsWith(PREFIX) || isSelectorName(threadName);
    }

    private static boolean isSelectorName(String threadName) {
        return threadName.startsWith("HttpClient-") && threadName.endsWith("-SelectorManager");
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(
                () -> {
                    INTERNAL.set(Boolean.TRUE);
                    task.run();
                },
                prefix + counter.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
