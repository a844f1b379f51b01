package io.github.gchatappender.core;

import io.github.gchatappender.core.dispatch.Dispatcher;
import io.github.gchatappender.core.dispatch.Ticker;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.stats.DeliveryCounters;
import io.github.gchatappender.core.stats.StatsMBean;
import io.github.gchatappender.core.status.StatusThrottle;
import io.github.gchatappender.core.transport.JdkHttpTransport;
import io.github.gchatappender.core.transport.WebhookTransport;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;

/**
 * The engine behind both appenders: takes events on the application's threads and delivers them
 * to a Google Chat webhook from one daemon dispatcher thread (see {@link Dispatcher}).
 *
 * <p><b>On the caller's thread</b> {@link #offer(AlertEvent)} only counts the event and offers it
 * to a bounded queue: no I/O, no waiting, nothing thrown. When the queue is full the event is
 * dropped and counted; the dispatcher reports the drops, at most once a minute.
 * <p><b>On stop</b> new events are refused, what is pending is delivered within
 * {@code shutdownTimeout}, and the rest is counted as dropped and reported. Stop returns within
 * {@code shutdownTimeout} even when the webhook never answers (two seconds later at worst, if the
 * dispatcher has to be interrupted), and is idempotent.
 * <p>Counts are in {@link #stats()}, readable before and after stop, and in a JMX MBean while running.
 */
public final class GoogleChatSender {

    /** Extra time stop() gives the dispatcher, beyond shutdownTimeout, to count what it abandons. */
    private static final long STOP_GRACE_MILLIS = 1000;

    private final SenderSettings settings;
    private final BlockingQueue<AlertEvent> queue;
    private final DeliveryCounters counters = new DeliveryCounters();
    private final StatusThrottle status;
    private final WebhookTransport transport;
    private final Ticker ticker;
    private final Dispatcher dispatcher;
    private final Thread dispatcherThread;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean accepting = true;
    private StatsMBean mbean;

    GoogleChatSender(SenderSettings settings, StatusReporter reporter, WebhookTransport transport, Ticker ticker) {
        this.settings = settings;
        this.transport = transport;
        this.ticker = ticker;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.status = new StatusThrottle(reporter, ticker);
        this.dispatcher = new Dispatcher(queue, settings, transport, counters, status, ticker, HostName::resolve);
        this.dispatcherThread = new InternalThreads("dispatcher", settings.name()).newThread(dispatcher);
    }

    /**
     * Starts a sender posting to the settings' webhook over the JDK's HTTP client, and registers its
     * MBean (a registration failure is reported, not fatal).
     */
    public static GoogleChatSender start(SenderSettings settings, StatusReporter reporter) {
        WebhookTransport transport = new JdkHttpTransport(settings.webhookUrl(), settings.connectTimeout(), settings.name());
        return start(settings, reporter, transport, Ticker.SYSTEM);
    }

    /** Starts a sender over the given transport; the seam for tests and other transports. */
    public static GoogleChatSender start(SenderSettings settings, StatusReporter reporter,
            WebhookTransport transport, Ticker ticker) {
        GoogleChatSender sender = new GoogleChatSender(settings, reporter, transport, ticker);
        sender.startDispatching();
        return sender;
    }

    /** Separate from construction so that tests can fill the queue before anything drains it. */
    void startDispatching() {
        registerMBean();
        dispatcherThread.start();
    }

    /**
     * Queues {@code event} for delivery without blocking. Events offered on the appender's own
     * threads, or after {@link #stop()}, are ignored.
     *
     * @return true if the event was queued, false if it was ignored or dropped
     */
    public boolean offer(AlertEvent event) {
        if (!accepting || InternalThreads.isCurrentThreadInternal()) {
            return false;
        }
        counters.accepted();
        if (!queue.offer(event)) {
            counters.queueFull();
            return false;
        }
        if (!accepting && queue.remove(event)) {
            // stop() drained the queue between our check and our offer: nobody else will count it.
            counters.dropped(1);
            return false;
        }
        return true;
    }

    /**
     * Accounts for an event the adapter could not snapshot (a message whose formatting throws, say):
     * it is counted as accepted and dropped, and reported at most once a minute.
     */
    public void dropUnreadable(RuntimeException failure) {
        if (!accepting) {
            return;
        }
        counters.accepted();
        counters.dropped(1);
        status.report("unreadable event", StatusThrottle.Severity.WARN, "Skipped an event that could not be read: "
                + failure.getClass().getName());
    }

    /** The counts so far; after stop, the final counts, with nothing pending. */
    public DeliveryStats stats() {
        return counters.snapshot();
    }

    /**
     * Refuses new events, delivers what is pending within {@code shutdownTimeout}, counts the rest
     * as dropped and releases the thread, the HTTP client and the MBean. Idempotent; never throws.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        long timeoutNanos = settings.shutdownTimeout().toNanos();
        dispatcher.requestStop(ticker.nanoTime() + timeoutNanos);
        queue.offer(Dispatcher.WAKE_UP);
        try {
            dispatcherThread.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + STOP_GRACE_MILLIS);
            if (dispatcherThread.isAlive()) {
                // Stuck in a call that ignores its own timeout: interrupt it, it counts what it held.
                dispatcherThread.interrupt();
                dispatcherThread.join(STOP_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        status.flush();
        if (mbean != null) {
            mbean.close();
        }
    }

    private void registerMBean() {
        try {
            mbean = StatsMBean.register(settings.name(), counters);
        } catch (JMException | RuntimeException e) {
            status.report("mbean", StatusThrottle.Severity.WARN, "No JMX MBean for appender '" + settings.name()
                    + "': " + e.getClass().getSimpleName() + ";"
                    + " counts stay available through getDeliveryStats()");
        }
    }

    @Override
    public String toString() {
        return "GoogleChatSender{" + settings.name() + " -> " + settings.webhookUrl() + '}';
    }
}
