package io.github.gchatappender.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the appender's own threads (dispatcher, HTTP) and recognises them. Events logged on
 * these threads, for example by an HTTP library through a JUL bridge, are never sent: sending them
 * could feed the appender its own failures in a loop.
 *
 * <p>Every thread is a daemon, so a forgotten {@code stop()} never keeps the JVM alive, and is
 * named {@code gchat-appender-<role>-<name>-<n>} so that a thread dump shows whose it is.
 */
public final class InternalThreads implements ThreadFactory {

    private static final ThreadLocal<Boolean> INTERNAL = new ThreadLocal<>();

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public InternalThreads(String role, String name) {
        this.prefix = "gchat-appender-" + role + '-' + name + '-';
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
        String name = Thread.currentThread().getName();
        return name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");
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
