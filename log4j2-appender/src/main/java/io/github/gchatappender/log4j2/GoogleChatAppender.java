package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.DeliverySettings;
import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.InvalidSettingException;
import io.github.gchatappender.core.ReentryGuard;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.TransportSettings;
import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;

/**
 * Sends Log4j2 events at or above {@code level} (ERROR by default) to a Google Chat space, one
 * Chat thread per logger and exception type.
 *
 * <pre>{@code
 * <GoogleChat name="GoogleChat" webhookUrl="${env:GOOGLE_CHAT_WEBHOOK_URL}"
 *             applicationName="checkout" environment="prod"/>
 * }</pre>
 *
 * <p>{@code append} runs on the application's thread: it copies the event and offers it to a bounded
 * queue, never blocking, never doing I/O, never throwing. Delivery happens on the core's dispatcher thread,
 * owned by a {@link GoogleChatManager} that survives reconfiguration. Problems go to the {@code StatusLogger};
 * the webhook URL and the fleet store are sensitive attributes and are never printed. A misconfigured appender is not created,
 * and the status line names the attribute to fix.
 */
@Plugin(name = "GoogleChat", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class GoogleChatAppender extends AbstractAppender {

    private final GoogleChatManager.Share share;
    private final ReentryGuard guard = new ReentryGuard();
    private final Level level;

    /** With the filters and {@code <Property>} elements nested in {@code <GoogleChat>}, and {@code ignoreExceptions}. */
    private GoogleChatAppender(String name, Builder<?> builder, GoogleChatManager.Share share, Level level) {
        super(name, builder.getFilter(), null, builder.isIgnoreExceptions(), builder.getPropertyArray());
        this.share = share;
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
        GoogleChatSender sender = share.sender();
        if (!guard.enter()) {
            sender.ignoreReentrant(); // Logged from inside this append: a message's formatting, say.
            return;
        }
        try {
            sender.offer(event, Log4j2EventReader.INSTANCE);
        } finally {
            guard.exit();
        }
    }

    /** Releases this appender's share of the manager, once however often it is stopped: see {@link GoogleChatManager.Share#release}. */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        stopped &= share.release(timeout, timeUnit);
        setStopped();
        return stopped;
    }

    /** Whether alerts are getting through. */
    public ChannelHealth getHealth() {
        return share.sender().health();
    }

    /**
     * The counts so far. After stop they show nothing pending, and stay exact: an event that a
     * thread was still offering as the appender stopped shows up as accepted and dropped.
     */
    public DeliveryStats getDeliveryStats() {
        return share.sender().stats();
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
        private Integer queueSize;

        @PluginBuilderAttribute
        private String connectTimeout;

        @PluginBuilderAttribute
        private String requestTimeout;

        @PluginBuilderAttribute
        private String shutdownTimeout;

        @PluginBuilderAttribute
        private String batchWindow;

        @PluginBuilderAttribute
        private String updateInterval;

        @PluginBuilderAttribute
        private String resolvedAfter;

        @PluginBuilderAttribute
        private Integer maxRetries;

        @PluginBuilderAttribute
        private Double messagesPerSecond;

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

        @PluginBuilderAttribute(sensitive = true)
        private String fleetStore;

        /** Finished settings handed over by code, or null: built from the attributes. Not an attribute. */
        private SenderSettings settings;

        /** Null, after a status line naming the attribute to fix, if a setting is invalid; unset attributes take the core's defaults. */
        @Override
        public GoogleChatAppender build() {
            String name = getName();
            try {
                Level threshold = Log4j2Level.parse(level); // First, as before the settings: a bad level is named.
                SenderSettings validated = settings == null
                        ? fromAttributes(name)
                        : settings.withName(name == null || name.isBlank() ? settings.name() : name);
                return new GoogleChatAppender(validated.name(), this, GoogleChatManager.share(validated), threshold);
            } catch (InvalidSettingException e) {
                LOGGER.error("GoogleChat appender '{}' not created: attribute {} {}", name, e.setting(), e.problem());
                return null;
            }
        }

        private SenderSettings fromAttributes(String name) {
            return SenderSettings.builder()
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
                    .fleetStore(fleetStore)
                    .connectTimeout(connectTimeout)
                    .requestTimeout(requestTimeout)
                    .shutdownTimeout(shutdownTimeout)
                    .batchWindow(batchWindow)
                    .updateInterval(updateInterval)
                    .resolvedAfter(resolvedAfter)
                    .build();
        }

        /**
         * Settings that code built and checked already (the Spring Boot starter's): {@link #build()} uses
         * them, under the appender's name, instead of the attributes. The level stays an attribute.
         */
        public B setSettings(SenderSettings settings) {
            this.settings = settings;
            return asBuilder();
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

        /** Events that may wait for the dispatcher, 1 to 1048576; default {@value DeliverySettings#DEFAULT_QUEUE_SIZE}. */
        public B setQueueSize(Integer queueSize) {
            this.queueSize = queueSize;
            return asBuilder();
        }

        /** The limit on opening a connection; default {@value TransportSettings#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
        public B setConnectTimeout(String connectTimeout) {
            this.connectTimeout = connectTimeout;
            return asBuilder();
        }

        /** The limit on one request, answer included; default {@value TransportSettings#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms. */
        public B setRequestTimeout(String requestTimeout) {
            this.requestTimeout = requestTimeout;
            return asBuilder();
        }

        /** How long stopping may take to deliver what is pending; default {@value DeliverySettings#DEFAULT_SHUTDOWN_TIMEOUT_MILLIS} ms. */
        public B setShutdownTimeout(String shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return asBuilder();
        }

        /** How long a kind of error collects repeats after its first event; default {@value DeliverySettings#DEFAULT_BATCH_WINDOW_MILLIS} ms. */
        public B setBatchWindow(String batchWindow) {
            this.batchWindow = batchWindow;
            return asBuilder();
        }

        /** The longest gap between two messages of one Chat thread while its errors go on; {@code 0}: no pacing. Default {@value DeliverySettings#DEFAULT_UPDATE_INTERVAL_MILLIS} ms. */
        public B setUpdateInterval(String updateInterval) {
            this.updateInterval = updateInterval;
            return asBuilder();
        }

        /** How long a Chat thread is quiet before its resolved note; {@code 0}: none. Default {@value DeliverySettings#DEFAULT_RESOLVED_AFTER_MILLIS} ms. */
        public B setResolvedAfter(String resolvedAfter) {
            this.resolvedAfter = resolvedAfter;
            return asBuilder();
        }

        /** Retries of a message after 408, 5xx or a network error; default {@value DeliverySettings#DEFAULT_MAX_RETRIES}. */
        public B setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return asBuilder();
        }

        /** The highest send rate, at least 1/3600; default {@value DeliverySettings#DEFAULT_MESSAGES_PER_SECOND}. */
        public B setMessagesPerSecond(Double messagesPerSecond) {
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

        /**
         * The {@code redis://} or {@code rediss://} URL of a store that the replicas of a fleet share; it needs
         * {@code gchat-appender-redis} on the class path. Its password is a secret that Log4j2 never prints
         * (the attribute is sensitive); without it, the system property or environment variable
         * {@value SenderSettings#FLEET_STORE_VARIABLE}. Default none.
         */
        public B setFleetStore(String fleetStore) {
            this.fleetStore = fleetStore;
            return asBuilder();
        }
    }
}
