package io.github.gchatappender.core;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.core.internal.InternalThreads;
import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.internal.dispatch.DispatchSettings;
import io.github.gchatappender.core.internal.dispatch.Dispatcher;
import io.github.gchatappender.core.internal.dispatch.DispatcherFactory;
import io.github.gchatappender.core.internal.dispatch.EventQueue;
import io.github.gchatappender.core.internal.dispatch.RepeatCounters;
import io.github.gchatappender.core.internal.dispatch.SpaceQuota;
import io.github.gchatappender.core.internal.event.MessagePattern;
import io.github.gchatappender.core.internal.event.SnapshotCaps;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.stats.StatsMBean;
import io.github.gchatappender.core.internal.status.StatusThrottle;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import io.github.gchatappender.core.internal.transport.JdkHttpTransport;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;

/**
 * The engine behind both appenders: takes events on the application's threads and delivers them
 * to a Google Chat webhook from one daemon dispatcher thread (see {@link Dispatcher}).
 *
 * <p><b>On the caller's thread</b> {@link #offer(Object, LogEventReader)} only counts the event:
 * a repeat of a kind the dispatcher already holds is added to that kind's counter
 * ({@link RepeatCounters}), without formatting the message or copying the exception chain; any other
 * event is copied and offered to a bounded lock-free queue ({@link EventQueue}). No I/O, no lock, no
 * waiting, nothing thrown. When the queue is full the event is dropped and counted, in constant
 * time; the dispatcher reports the drops, at most once a minute.
 * <p><b>On stop</b> new events are refused, what is pending is delivered within
 * {@code shutdownTimeout}, and the rest is counted as dropped and reported. Stop returns within
 * {@code shutdownTimeout} even when the webhook never answers (two seconds later at worst, if the
 * dispatcher has to be interrupted), whether or not the stopping thread is interrupted; it is
 * idempotent, and a second caller waits for the first to finish.
 * <p>Counts are in {@link #stats()}, readable before and after stop, and in a JMX MBean while running.
 */
public final class GoogleChatSender {

    /** Extra time stop() gives the dispatcher, beyond shutdownTimeout, to count what it abandons. */
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SenderSettings settings;
    private final WebhookUrl webhookUrl;
    /** The MDC keys alerts read, which an event's copy keeps first. */
    private final Set<String> keptMdcKeys;

    private final EventQueue<AlertEvent> queue;
    private final DeliveryCounters counters;
    private final RepeatCounters repeats;
    private final StatusThrottle status;
    private final WebhookTransport transport;
    private final Ticker ticker;
    private final Dispatcher dispatcher;
    /** The store the fleet's replicas share, or null without one; closed at stop. */
    private final FleetStore fleetStore;

    private final Thread dispatcherThread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean accepting = true;
    private StatsMBean mbean;

    /** A sender built from the settings and these parts, not yet dispatching: see {@link #startDispatching()}. */
    GoogleChatSender(SenderSettings settings, StatusReporter reporter, EngineParts parts) {
        this.settings = settings;
        this.keptMdcKeys = settings.rendering().keptMdcKeys();
        // Checked when the settings were built: parsed again here, it cannot fail.
        WebhookUrl url = WebhookUrl.parse(settings.transport().webhookUrl());
        this.webhookUrl = url;
        this.ticker = parts.ticker;
        this.status = new StatusThrottle(reporter, ticker);
        // First of what holds resources: if no module serves the store any more, nothing is left behind.
        this.fleetStore = parts.fleetStore != null ? parts.fleetStore : openFleetStore(settings, status);
        this.transport = parts.transport != null ? parts.transport : httpTransport(url, settings.transport());
        DeliverySettings delivery = settings.delivery();
        this.queue = new EventQueue<>(delivery.queueSize());
        this.counters = new DeliveryCounters(queue::claimed);
        this.repeats = new RepeatCounters(counters);
        HostName host = HostName.resolve(new InternalThreads("hostname", settings.name()));
        SpaceQuota quota =
                parts.quota != null ? parts.quota : SpaceQuota.join(url.quotaKey(), delivery.messagesPerSecond());
        DispatchSettings dispatch = new DispatchSettings(
                settings.rendering(), delivery, settings.transport().requestTimeout(), url, parts.retry);
        // If the dispatcher ever ends on its own, nothing would drain the queue: refuse new events first.
        this.dispatcher = new DispatcherFactory(
                        dispatch,
                        queue,
                        repeats,
                        counters,
                        status,
                        host,
                        () -> accepting = false,
                        ticker,
                        transport,
                        quota,
                        parts.jitter,
                        fleetStore)
                .create();
        this.dispatcherThread = new InternalThreads("dispatcher", settings.name()).newThread(dispatcher);
    }

    /**
     * Starts a sender posting to the settings' webhook over the JDK's HTTP client, and registers its
     * MBean (a registration failure is reported, not fatal).
     */
    public static GoogleChatSender start(SenderSettings settings, StatusReporter reporter) {
        return start(settings, reporter, new EngineParts());
    }

    /** Starts a sender with other parts than the defaults: the seam for the core's tests. */
    static GoogleChatSender start(SenderSettings settings, StatusReporter reporter, EngineParts parts) {
        GoogleChatSender sender = new GoogleChatSender(settings, reporter, parts);
        sender.startDispatching();
        return sender;
    }

    /**
     * Opens the store that the settings' {@code fleetStore} names, through the module on the class path that
     * serves its scheme (checked when the settings were built); null when no store is set. The caller owns
     * the store, and closes it.
     *
     * @throws InvalidSettingException naming {@code fleetStore} if no module serves it any more (the
     *     settings were built under another context class loader, say)
     * @throws FleetStoreException if the module could not open it; the message masks the password
     */
    static FleetStore openFleetStore(SenderSettings settings) {
        FleetStoreAddress address = settings.transport().fleetStore();
        return address == null ? null : FleetStores.open(address);
    }

    /**
     * {@link #openFleetStore(SenderSettings)}; a store that its module could not open is reported, and the
     * sender goes on without one, as it does when the store is down.
     */
    private static FleetStore openFleetStore(SenderSettings settings, StatusThrottle status) {
        try {
            return openFleetStore(settings);
        } catch (FleetStoreException e) {
            status.report("fleet store", Severity.WARN, e.getMessage() + "; going on without it");
            return null;
        }
    }

    /** A store's close that fails is no failure of the stop: its connections go with the JVM. */
    private static void closeQuietly(FleetStore store) {
        try {
            store.close();
        } catch (RuntimeException e) {
            // Nothing to do: the store is left to the JVM.
        }
    }

    private static WebhookTransport httpTransport(WebhookUrl url, TransportSettings transport) {
        return new JdkHttpTransport(url, transport.connectTimeout(), transport.proxy());
    }

    /** Separate from construction so that tests can fill the queue before anything drains it. */
    void startDispatching() {
        registerMBean();
        dispatcherThread.start();
    }

    /**
     * Takes a framework's event without blocking: counted as a repeat if its kind has an open
     * counter (see {@link RepeatCounters}), else snapshot and queued, opening the kind's counter.
     * Events logged on the appender's own threads (also when the framework hands them to another thread
     * first, see {@link LogEventReader#threadName}), or offered after {@link #stop()}, are ignored; an event
     * whose reading or snapshot throws (a {@link StackOverflowError} included) is counted as
     * unreadable, and nothing is thrown.
     *
     * <p>The event enters the counts in one step, when it is added to a counter, queued (and then
     * counted by the dispatcher) or turned away; so a caller descheduled anywhere in here, while
     * the sender stops, can never leave the final counts unbalanced.
     *
     * @return true if the event was counted or queued, false if it was ignored or dropped
     */
    public <E> boolean offer(E event, LogEventReader<E> reader) {
        if (!admit(loggedOn(event, reader))) {
            return false;
        }
        RepeatCounters.Counter opened = null;
        boolean counted = false;
        boolean queued = false;
        try {
            String loggerName = reader.loggerName(event);
            String exceptionClassName = reader.exceptionClassName(event);
            String template = kindText(event, reader);
            RepeatCounters.Counter repeat = repeats.find(loggerName, exceptionClassName, template);
            if (repeat != null && repeat.add(reader.timestampMillis(event))) {
                counted = true;
                return true;
            }
            // The first of its kind, or the first after its batch left: the repeats after it are counted.
            opened = repeats.openFor(loggerName, exceptionClassName, template, repeat);
            AlertEvent snapshot = reader.snapshot(event, keptMdcKeys);
            counted = true; // By queue(), whatever it answers.
            queued = queue(snapshot);
            return queued;
        } catch (RuntimeException | StackOverflowError e) {
            // Reading the kind may format too (Log4j2's ObjectMessage.getFormat() calls toString()).
            // A broken event (an argument whose toString() throws, say) costs that event, never the
            // application; so does copying one in recursion that is about to overflow the stack.
            return false;
        } finally {
            if (!counted) {
                counters.unreadable();
            }
            if (opened != null && !queued) {
                // No batch will adopt the counter: its repeats are turned away. Here, not in the catch,
                // so that an Error (a StackOverflowError in deep recursion) gives the counter up too.
                repeats.abandon(opened);
            }
        }
    }

    /** The thread that logged the event, if the reader knows it; a reader that fails here costs no event. */
    private static <E> String loggedOn(E event, LogEventReader<E> reader) {
        try {
            return reader.threadName(event);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * What names the event's kind beside its logger and exception: its template, read without
     * formatting anything; the formatted message only when the template has no text of its own
     * ({@code "{}"}), since such events are the same error only if their messages are.
     */
    private static <E> String kindText(E event, LogEventReader<E> reader) {
        String template = reader.messageTemplate(event);
        if (template == null || MessagePattern.hasText(SnapshotCaps.message(template))) {
            return template;
        }
        return reader.formattedMessage(event);
    }

    /**
     * Queues an event already copied, without blocking. Events offered on the appender's own
     * threads, or after {@link #stop()}, are ignored.
     *
     * @return true if the event was queued, false if it was ignored or dropped
     */
    public boolean offer(AlertEvent event) {
        return admit(null) && queue(event);
    }

    /**
     * False if the sender stopped, or if the caller, or the thread named {@code loggedOn} (null if it is the
     * caller), is one of the appender's own threads (counted as ignored).
     */
    private boolean admit(String loggedOn) {
        if (!accepting) {
            return false;
        }
        if (InternalThreads.isCurrentThreadInternal()
                || (loggedOn != null && InternalThreads.isInternalThreadName(loggedOn))) {
            counters.ignored();
            return false;
        }
        return true;
    }

    private boolean queue(AlertEvent event) {
        switch (queue.offer(event)) {
            case QUEUED:
                return true; // Counted by the dispatcher when it takes the event in.
            case FULL:
                counters.queueFull();
                return false;
            case CLOSED:
                // Closed by the dispatcher's last drain after our check of accepting: nobody else will count it.
                counters.turnedAway(1);
                return false;
            default:
                return false; // TOO_LATE: the dispatcher gave our slot up and counted the event already.
        }
    }

    /** Counts an event not taken in because the appender was handling another on the same thread. */
    public void ignoreReentrant() {
        counters.ignored();
    }

    /** Whether alerts are getting through: rejected webhook, recent drops (see {@link ChannelHealth}). */
    public ChannelHealth health() {
        return dispatcher.health();
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
        stop(0, TimeUnit.NANOSECONDS);
    }

    /**
     * As {@link #stop()}, but delivering for at most {@code timeout} when that is shorter than
     * {@code shutdownTimeout}: for a framework that bounds its own stop. A timeout of 0 or less means none
     * was given (Log4j2's shutdown hook passes 0), and {@code shutdownTimeout} applies.
     */
    public void stop(long timeout, TimeUnit unit) {
        long timeoutNanos = settings.delivery().shutdownTimeout().toNanos();
        if (timeout > 0) {
            timeoutNanos = Math.min(timeoutNanos, unit.toNanos(timeout));
        }
        long joinBy = System.nanoTime() + timeoutNanos + STOP_GRACE_NANOS;
        if (!stopping.compareAndSet(false, true)) {
            awaitUninterruptibly(joinBy + 2 * STOP_GRACE_NANOS, millis -> stopped.await(millis, TimeUnit.MILLISECONDS));
            return;
        }
        try {
            accepting = false;
            dispatcher.requestStop(ticker.nanoTime() + timeoutNanos);
            awaitUninterruptibly(joinBy, dispatcherThread::join);
            if (dispatcherThread.isAlive()) {
                // Overran its deadline in a call that ignored its own timeout: interrupted, it counts what it held.
                dispatcherThread.interrupt();
                awaitUninterruptibly(System.nanoTime() + STOP_GRACE_NANOS, dispatcherThread::join);
            }
            transport.close();
            if (fleetStore != null) {
                closeQuietly(fleetStore);
            }
            status.flush();
            if (mbean != null) {
                mbean.close();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Waits until {@code deadline} even if this thread is interrupted meanwhile, then restores its flag. */
    private static void awaitUninterruptibly(long deadline, TimedWait wait) {
        boolean interrupted = Thread.interrupted();
        try {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                try {
                    wait.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @FunctionalInterface
    private interface TimedWait {
        void await(long millis) throws InterruptedException;
    }

    private void registerMBean() {
        try {
            mbean = StatsMBean.register(settings.name(), counters);
        } catch (JMException | RuntimeException e) {
            status.report(
                    "mbean",
                    StatusThrottle.Severity.WARN,
                    "No JMX MBean for appender '" + settings.name() + "': "
                            + e.getClass().getSimpleName() + "; counts stay available through getDeliveryStats()");
        }
    }

    @Override
    public String toString() {
        return "GoogleChatSender{" + settings.name() + " -> " + webhookUrl + '}';
    }
}
