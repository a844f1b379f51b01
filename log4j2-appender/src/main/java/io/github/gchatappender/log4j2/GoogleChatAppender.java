package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.InvalidSettingException;
import io.github.gchatappender.core.LogEventReader;
import io.github.gchatappender.core.ReentryGuard;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * Sends Log4j2 events at or above {@code level} (ERROR by default) to a Google Chat space, one
 * Chat thread per logger and exception type.
 *
 * <pre>{@code
 * <GoogleChat name="GoogleChat" webhookUrl="${env:GOOGLE_CHAT_WEBHOOK_URL}"
 *             applicationName="checkout" environment="prod"/>
 * }</pre>
 *
 * <p>{@code append} runs on the application's thread: it copies the (mutable, reused) event into
 * the core's immutable value and offers it to a bounded queue, never blocking, never doing I/O,
 * never throwing. Delivery happens on the core's dispatcher thread, owned by a
 * {@link GoogleChatManager} that survives reconfiguration. Problems go to the {@code StatusLogger};
 * the webhook URL is a sensitive attribute and is never printed. A misconfigured appender is not
 * created, and the status line names the attribute to fix.
 */
@Plugin(name = "GoogleChat", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class GoogleChatAppender extends AbstractAppender {

    private final GoogleChatManager manager;
    private final ReentryGuard guard = new ReentryGuard();
    private final Level level;
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch releaseDone = new CountDownLatch(1);

    /**
     * @param filter     the filters nested in {@code <GoogleChat>}, which Log4j2 applies before {@link #append}
     * @param properties the {@code <Property>} elements nested in {@code <GoogleChat>}
     */
    private GoogleChatAppender(
            String name,
            Filter filter,
            Property[] properties,
            GoogleChatManager manager,
            Level level,
            boolean ignoreExceptions) {
        super(name, filter, null, ignoreExceptions, properties == null ? Property.EMPTY_ARRAY : properties);
        this.manager = manager;
        this.level = level;
    }

    @PluginBuilderFactory
    public static <B extends Builder<B>> B newBuilder() {
        return new Builder<B>().asBuilder();
    }

    @Override
    public void append(LogEvent event) {
        if (!event.getLevel().isMoreSpecificThan(level)) {
            return;
        }
        GoogleChatSender sender = manager.sender();
        if (!guard.enter()) {
            sender.ignoreReentrant(); // Logged from inside this append: a message's formatting, say.
            return;
        }
        try {
            sender.offer(event, EventReader.INSTANCE);
        } finally {
            guard.exit();
        }
    }

    /**
     * Reads Log4j2's events for the core. The kind of a repeat is read without formatting: the
     * logger, the message's format, the throwable's class.
     */
    enum EventReader implements LogEventReader<LogEvent> {
        INSTANCE;

        @Override
        public String loggerName(LogEvent event) {
            return event.getLoggerName();
        }

        @Override
        public String exceptionClassName(LogEvent event) {
            Throwable thrown = event.getThrown();
            return thrown == null ? "" : thrown.getClass().getName();
        }

        @Override
        public String messageTemplate(LogEvent event) {
            Message message = event.getMessage();
            return message == null ? null : message.getFormat();
        }

        @Override
        public long timestampMillis(LogEvent event) {
            return event.getTimeMillis();
        }

        /**
         * Behind async loggers or {@code <Async>}, append runs on the framework's thread, so the current
         * thread says nothing about where the event was logged; the event keeps the logging thread's name.
         */
        @Override
        public String threadName(LogEvent event) {
            return event.getThreadName();
        }

        @Override
        public String formattedMessage(LogEvent event) {
            Message message = event.getMessage();
            return message == null ? null : message.getFormattedMessage();
        }

        @Override
        public AlertEvent snapshot(LogEvent event) {
            return GoogleChatAppender.snapshot(event, List.of());
        }

        @Override
        public AlertEvent snapshot(LogEvent event, Collection<String> keptMdcKeys) {
            return GoogleChatAppender.snapshot(event, keptMdcKeys);
        }
    }

    static AlertEvent snapshot(LogEvent event, Collection<String> keptMdcKeys) {
        Message message = event.getMessage();
        return AlertEvent.builder()
                .timestampMillis(event.getTimeMillis())
                .level(event.getLevel().name())
                .loggerName(event.getLoggerName())
                .threadName(event.getThreadName())
                .message(message == null ? "" : message.getFormattedMessage())
                .messagePattern(message == null ? null : message.getFormat())
                .mdc(contextOf(event), keptMdcKeys)
                .throwable(ThrowableSnapshot.of(event.getThrown()))
                .build();
    }

    /** The context data as a map; null when empty, so that most events copy no map at all. */
    private static Map<String, String> contextOf(LogEvent event) {
        ReadOnlyStringMap data = event.getContextData();
        return data == null || data.isEmpty() ? null : data.toMap();
    }

    /**
     * Releases this appender's share of the manager, once however often it is stopped: the manager is
     * reference-counted, and a second release would stop the sender under the next configuration's
     * appender, which shares it. A second call waits until the first has released, so that it too returns
     * with nothing pending. Both are bounded by the sender's stop: {@code shutdownTimeout}, or {@code timeout}
     * when Log4j2 passes a shorter one (see {@link GoogleChatSender#stop(long, TimeUnit)}). The delivery never
     * waits under Log4j2's JVM-wide manager lock (see {@link GoogleChatManager#stop(long, TimeUnit)}).
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        if (released.compareAndSet(false, true)) {
            try {
                stopped &= manager.stop(timeout, timeUnit);
            } finally {
                releaseDone.countDown();
            }
        } else {
            awaitRelease();
        }
        setStopped();
        return stopped;
    }

    /** Waits for the first stop's release even if this thread is interrupted meanwhile, then restores its flag. */
    private void awaitRelease() {
        boolean interrupted = false;
        while (true) {
            try {
                releaseDone.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether alerts are getting through. */
    public ChannelHealth getHealth() {
        return manager.sender().health();
    }

    /**
     * The counts so far. After stop they show nothing pending, and stay exact: an event that a
     * thread was still offering as the appender stopped shows up as accepted and dropped.
     */
    public DeliveryStats getDeliveryStats() {
        return manager.stats();
    }

    @Override
    public String toString() {
        return "GoogleChatAppender{" + getName() + '}';
    }

    /**
     * The {@code <GoogleChat>} element's attributes. Durations accept {@code 10 seconds},
     * {@code 500 ms} or {@code PT10S}.
     */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
            implements org.apache.logging.log4j.core.util.Builder<GoogleChatAppender> {

        @PluginBuilderAttribute(sensitive = true)
        private String webhookUrl;

        @PluginBuilderAttribute
        private String level;

        @PluginBuilderAttribute
        private String applicationName;

        @PluginBuilderAttribute
        private String environment;

        @PluginBuilderAttribute
        private int queueSize = SenderSettings.DEFAULT_QUEUE_SIZE;

        @PluginBuilderAttribute
        private String connectTimeout;

        @PluginBuilderAttribute
        private String requestTimeout;

        @PluginBuilderAttribute
        private String shutdownTimeout;

        @PluginBuilderAttribute
        private String batchWindow;

        @PluginBuilderAttribute
        private int maxRetries = SenderSettings.DEFAULT_MAX_RETRIES;

        @PluginBuilderAttribute
        private double messagesPerSecond = SenderSettings.DEFAULT_MESSAGES_PER_SECOND;

        @PluginBuilderAttribute
        private String format;

        @PluginBuilderAttribute
        private String appPackages;

        @PluginBuilderAttribute
        private String mdcKeys;

        @PluginBuilderAttribute
        private String timeZone;

        @PluginBuilderAttribute
        private String mention;

        @PluginBuilderAttribute
        private String linkTemplate;

        @PluginBuilderAttribute
        private String proxy;

        /** Returns null, after a status line naming the attribute to fix, when a setting is invalid. */
        @Override
        public GoogleChatAppender build() {
            String name = getName();
            try {
                SenderSettings.Builder settings = SenderSettings.builder()
                        .name(name == null || name.isBlank() ? "GoogleChat" : name)
                        .webhookUrl(webhookUrl)
                        .applicationName(applicationName)
                        .environment(environment)
                        .queueSize(queueSize)
                        .maxRetries(maxRetries)
                        .messagesPerSecond(messagesPerSecond)
                        .format(format)
                        .appPackages(appPackages)
                        .mdcKeys(mdcKeys)
                        .timeZone(timeZone)
                        .mention(mention)
                        .linkTemplate(linkTemplate)
                        .proxy(proxy)
                        .connectTimeout(connectTimeout)
                        .requestTimeout(requestTimeout)
                        .shutdownTimeout(shutdownTimeout)
                        .batchWindow(batchWindow);
                Level threshold = parseLevel(level);
                SenderSettings validated = settings.build();
                GoogleChatManager manager = GoogleChatManager.getManager(validated, validated.fingerprint());
                return new GoogleChatAppender(
                        validated.name(), getFilter(), getPropertyArray(), manager, threshold, isIgnoreExceptions());
            } catch (InvalidSettingException e) {
                LOGGER.error("GoogleChat appender '{}' not created: attribute {} {}", name, e.setting(), e.problem());
                return null;
            }
        }

        private static Level parseLevel(String value) {
            if (value == null || value.isBlank()) {
                return Level.ERROR;
            }
            Level parsed = Level.getLevel(value.trim().toUpperCase(java.util.Locale.ROOT));
            if (parsed == null) {
                throw new InvalidSettingException(
                        "level",
                        "is not a Log4j2 level: '" + value + "' (use TRACE, DEBUG, INFO, WARN, ERROR or FATAL)");
            }
            return parsed;
        }

        /**
         * The space's incoming-webhook URL, a secret that Log4j2 never prints (the attribute is sensitive);
         * without it, the system property or environment variable {@value SenderSettings#WEBHOOK_URL_VARIABLE}.
         */
        public B setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return asBuilder();
        }

        /** The lowest level sent: {@code TRACE} to {@code FATAL}; default {@code ERROR}. */
        public B setLevel(String level) {
            this.level = level;
            return asBuilder();
        }

        /** Shown in every alert and part of the thread key; default none. */
        public B setApplicationName(String applicationName) {
            this.applicationName = applicationName;
            return asBuilder();
        }

        /** Shown in every alert and part of the thread key, for example {@code prod}; default none. */
        public B setEnvironment(String environment) {
            this.environment = environment;
            return asBuilder();
        }

        /** Events that may wait for the dispatcher, 1 to 1048576; default {@value SenderSettings#DEFAULT_QUEUE_SIZE}. */
        public B setQueueSize(int queueSize) {
            this.queueSize = queueSize;
            return asBuilder();
        }

        /** The limit on opening a connection; default {@value SenderSettings#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
        public B setConnectTimeout(String connectTimeout) {
            this.connectTimeout = connectTimeout;
            return asBuilder();
        }

        /** The limit on one request, answer included; default {@value SenderSettings#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms. */
        public B setRequestTimeout(String requestTimeout) {
            this.requestTimeout = requestTimeout;
            return asBuilder();
        }

        /** How long stopping may take to deliver what is pending; default {@value SenderSettings#DEFAULT_SHUTDOWN_TIMEOUT_MILLIS} ms. */
        public B setShutdownTimeout(String shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return asBuilder();
        }

        /** How long a kind of error collects repeats after its first event; default {@value SenderSettings#DEFAULT_BATCH_WINDOW_MILLIS} ms. */
        public B setBatchWindow(String batchWindow) {
            this.batchWindow = batchWindow;
            return asBuilder();
        }

        /** Retries of a message after 408, 5xx or a network error; default {@value SenderSettings#DEFAULT_MAX_RETRIES}. */
        public B setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return asBuilder();
        }

        /** The highest send rate, at least 1/3600; default {@value SenderSettings#DEFAULT_MESSAGES_PER_SECOND}. */
        public B setMessagesPerSecond(double messagesPerSecond) {
            this.messagesPerSecond = messagesPerSecond;
            return asBuilder();
        }

        /** {@code TEXT} (Chat text syntax) or {@code CARD} (a cardsV2 card); default {@code TEXT}. */
        public B setFormat(String format) {
            this.format = format;
            return asBuilder();
        }

        /** Comma-separated package prefixes whose frames a trimmed stack trace keeps first; default none. */
        public B setAppPackages(String appPackages) {
            this.appPackages = appPackages;
            return asBuilder();
        }

        /** Comma-separated MDC keys shown in alerts; default none, since the MDC may hold personal data. */
        public B setMdcKeys(String mdcKeys) {
            this.mdcKeys = mdcKeys;
            return asBuilder();
        }

        /** The zone for times in alerts, for example {@code Europe/Berlin}; default {@code UTC}. */
        public B setTimeZone(String timeZone) {
            this.timeZone = timeZone;
            return asBuilder();
        }

        /** Comma-separated {@code users/all} or {@code users/<id>}, mentioned in each kind's first message; default none. */
        public B setMention(String mention) {
            this.mention = mention;
            return asBuilder();
        }

        /** An "Open logs" URL with placeholders such as {@code {mdc:traceId}}; default none. */
        public B setLinkTemplate(String linkTemplate) {
            this.linkTemplate = linkTemplate;
            return asBuilder();
        }

        /** An HTTP proxy, {@code host:port} or {@code http://host:port}; default none: the JVM's proxy settings apply. */
        public B setProxy(String proxy) {
            this.proxy = proxy;
            return asBuilder();
        }
    }
}
