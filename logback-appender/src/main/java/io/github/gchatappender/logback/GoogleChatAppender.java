package io.github.gchatappender.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import io.github.gchatappender.core.DeliverySettings;
import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.InvalidSettingException;
import io.github.gchatappender.core.ReentryGuard;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.TransportSettings;
import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.Objects;

/**
 * Sends Logback events at or above {@code level} (ERROR by default) to a Google Chat space, one
 * Chat thread per logger and exception type.
 *
 * <pre>{@code
 * <appender name="GOOGLE_CHAT" class="io.github.gchatappender.logback.GoogleChatAppender">
 *   <webhookUrl>${GOOGLE_CHAT_WEBHOOK_URL}</webhookUrl>
 *   <applicationName>checkout</applicationName>
 *   <environment>prod</environment>
 * </appender>
 * }</pre>
 *
 * <p>{@code append} runs on the application's thread and only snapshots the event and offers it to
 * a bounded queue: it never blocks, never does I/O and never throws. Delivery, retries, rate limiting
 * and flushing on {@code stop()} happen in the core's dispatcher thread (see {@link GoogleChatSender}).
 * Problems are reported through Logback's status manager, never through a logger, and never with the
 * webhook's key or token, or the fleet store's password. A misconfigured appender does not start and says which setting to fix.
 */
public class GoogleChatAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** What the XML setters set; unused when the appender was made with finished settings. */
    private final SenderSettings.Builder settings = SenderSettings.builder();
    /** Finished settings handed over by code (the Spring Boot starter), or null: built from the setters. */
    private final SenderSettings given;

    private final ReentryGuard guard = new ReentryGuard();
    private Level level = Level.ERROR;
    private String levelSetting;
    /** The settings the sender runs with; null before start and when the appender did not start. */
    private volatile SenderSettings running;
    /** The running sender; after stop, the stopped one, whose counts stay readable and exact. */
    private volatile GoogleChatSender sender;

    /** For {@code logback.xml}: the settings come from the setters, and are checked on {@link #start()}. */
    public GoogleChatAppender() {
        this.given = null;
    }

    /**
     * For code that built and checked its settings already: {@link #start()} uses them, under the
     * appender's name if it has one, and ignores the settings' setters. The level stays an appender
     * setting ({@link #setLevel}), since its values are Logback's.
     */
    public GoogleChatAppender(SenderSettings settings) {
        this.given = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        SenderSettings validated;
        try {
            validated = given != null ? named(given) : built();
            level = parseLevel(levelSetting);
        } catch (InvalidSettingException e) {
            // A warning, not an error: Spring Boot refuses to start an application whose Logback
            // configuration reports any error, and a missing alert channel must not keep it down.
            addWarn("Google Chat appender '" + getName() + "' not started: <" + e.setting() + "> " + e.problem());
            return;
        }
        running = validated;
        sender = GoogleChatSender.start(validated, new LogbackStatus());
        super.start();
    }

    private SenderSettings named(SenderSettings settings) {
        return getName() == null ? settings : settings.withName(getName());
    }

    private SenderSettings built() {
        return settings.name(getName() == null ? "GoogleChat" : getName())
                .frameworkProperties(
                        name -> getContext() == null ? null : getContext().getProperty(name))
                .build();
    }

    /**
     * Refuses new events, then delivers what is pending within {@code shutdownTimeout} (see
     * {@link GoogleChatSender#stop()}). Called again, from another thread while the first call still
     * delivers (Spring's shutdown and a JVM shutdown hook both stop the context), it returns only when
     * the first has finished, so that its caller reads final counts and nothing pending.
     */
    @Override
    public void stop() {
        if (isStarted()) {
            super.stop(); // append() checks isStarted() first: no event reaches the sender from now on.
        }
        // Not skipped when already stopped: the sender's stop is idempotent, and a second caller waits for the first.
        GoogleChatSender stopping = sender;
        if (stopping != null) {
            stopping.stop();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(level)) {
            return; // First, before the volatile read: most events that reach an appender stop here.
        }
        GoogleChatSender current = sender;
        if (current == null) {
            return;
        }
        if (!guard.enter()) {
            current.ignoreReentrant(); // Logged from inside this append: an argument's toString(), say.
            return;
        }
        try {
            current.offer(event, LogbackEventReader.INSTANCE);
        } finally {
            guard.exit();
        }
    }

    /** The settings the appender runs with, webhook URL included; null before it started or if it did not. */
    public SenderSettings getSettings() {
        return running;
    }

    /** Whether alerts are getting through; {@code UP} before the appender started. */
    public ChannelHealth getHealth() {
        GoogleChatSender current = sender;
        return current != null ? current.health() : new ChannelHealth(null, 0, System.currentTimeMillis());
    }

    /**
     * The counts so far. After stop they show nothing pending, and stay exact: an event that a
     * thread was still offering as the appender stopped shows up as accepted and dropped.
     */
    public DeliveryStats getDeliveryStats() {
        GoogleChatSender current = sender;
        return current != null ? current.stats() : new DeliveryStats(0, 0, 0, 0, 0, 0);
    }

    private static Level parseLevel(String value) {
        if (value == null) {
            return Level.ERROR;
        }
        Level parsed = Level.toLevel(value.trim(), null);
        if (parsed == null) {
            throw new InvalidSettingException(
                    "level", "is not a Logback level: '" + value + "' (use TRACE, DEBUG, INFO, WARN or ERROR)");
        }
        return parsed;
    }

    /**
     * The URL of the space's incoming webhook. A secret: never printed by this appender. When not
     * set (or blank), the appender reads the Logback context property
     * {@value SenderSettings#WEBHOOK_URL_VARIABLE}, then the system property and the environment
     * variable of that name. Read that way, the URL never passes through Logback's variable
     * substitution, which writes every substituted value into Logback's status.
     */
    public void setWebhookUrl(String webhookUrl) {
        settings.webhookUrl(webhookUrl);
    }

    /** The lowest level sent: {@code TRACE} to {@code ERROR}; default {@code ERROR}. */
    public void setLevel(String level) {
        this.levelSetting = level;
    }

    /** Shown in every alert and part of the thread key; default none. */
    public void setApplicationName(String applicationName) {
        settings.applicationName(applicationName);
    }

    /** Shown in every alert and part of the thread key, for example {@code prod}; default none. */
    public void setEnvironment(String environment) {
        settings.environment(environment);
    }

    /**
     * How many events may wait for the dispatcher, 1 to 1048576; past this, events are dropped and counted,
     * never waited for. Default {@value DeliverySettings#DEFAULT_QUEUE_SIZE}.
     */
    public void setQueueSize(int queueSize) {
        settings.queueSize(queueSize);
    }

    /** The limit on opening a connection, for example {@code 5 seconds}; default {@value TransportSettings#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
    public void setConnectTimeout(Duration connectTimeout) {
        settings.connectTimeout(toJava(connectTimeout));
    }

    /** The limit on one request, answer included; default {@value TransportSettings#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms. */
    public void setRequestTimeout(Duration requestTimeout) {
        settings.requestTimeout(toJava(requestTimeout));
    }

    /** How long stopping may take to deliver what is pending; default {@value DeliverySettings#DEFAULT_SHUTDOWN_TIMEOUT_MILLIS} ms. */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        settings.shutdownTimeout(toJava(shutdownTimeout));
    }

    /** How long a kind of error collects repeats after its first event; default {@value DeliverySettings#DEFAULT_BATCH_WINDOW_MILLIS} ms. */
    public void setBatchWindow(Duration batchWindow) {
        settings.batchWindow(toJava(batchWindow));
    }

    /**
     * The longest gap between two messages of one Chat thread while its errors go on (the gaps grow from 10 s
     * to it); {@code 0} sends them as fast as the quota allows. Default {@value DeliverySettings#DEFAULT_UPDATE_INTERVAL_MILLIS} ms.
     */
    public void setUpdateInterval(Duration updateInterval) {
        settings.updateInterval(toJava(updateInterval));
    }

    /** How long a Chat thread is quiet before its resolved note; {@code 0}: none. Default {@value DeliverySettings#DEFAULT_RESOLVED_AFTER_MILLIS} ms. */
    public void setResolvedAfter(Duration resolvedAfter) {
        settings.resolvedAfter(toJava(resolvedAfter));
    }

    /** Retries of a message after 408, 5xx or a network error; default {@value DeliverySettings#DEFAULT_MAX_RETRIES}. */
    public void setMaxRetries(int maxRetries) {
        settings.maxRetries(maxRetries);
    }

    /** The highest send rate, at least 1/3600; default {@value DeliverySettings#DEFAULT_MESSAGES_PER_SECOND}, Google's quota per space. */
    public void setMessagesPerSecond(double messagesPerSecond) {
        settings.messagesPerSecond(messagesPerSecond);
    }

    /** {@code TEXT} (Chat text syntax) or {@code CARD} (a cardsV2 card); default {@code TEXT}. */
    public void setFormat(String format) {
        settings.format(format);
    }

    /** Comma-separated package prefixes whose frames a trimmed stack trace keeps first; default none. */
    public void setAppPackages(String appPackages) {
        settings.appPackages(appPackages);
    }

    /** Comma-separated MDC keys shown in alerts; none by default. */
    public void setMdcKeys(String mdcKeys) {
        settings.mdcKeys(mdcKeys);
    }

    /** The zone for times in alerts, for example {@code Europe/Berlin}; UTC by default. */
    public void setTimeZone(String timeZone) {
        settings.timeZone(timeZone);
    }

    /** Comma-separated {@code users/all} or {@code users/<id>}, mentioned in each group's first message; default none. */
    public void setMention(String mention) {
        settings.mention(mention);
    }

    /** An HTTP proxy, {@code host:port} or {@code http://host:port}; by default the JVM's proxy settings apply. */
    public void setProxy(String proxy) {
        settings.proxy(proxy);
    }

    /** An "Open logs" URL with placeholders such as {@code {mdc:traceId}}; default none. */
    public void setLinkTemplate(String linkTemplate) {
        settings.linkTemplate(linkTemplate);
    }

    /**
     * The {@code redis://} or {@code rediss://} URL of a store that the replicas of a fleet share, for
     * example {@code redis://:password@redis.internal:6379/0}; it needs {@code gchat-appender-redis} on the
     * class path. Its password is a secret, never printed by this appender. When not set, the appender reads
     * the context property, system property or environment variable
     * {@value SenderSettings#FLEET_STORE_VARIABLE}, as it reads the webhook URL; leaving the element out
     * keeps the password out of Logback's variable substitution too, which writes every substituted value
     * into Logback's status. Default none.
     */
    public void setFleetStore(String fleetStore) {
        settings.fleetStore(fleetStore);
    }

    private static java.time.Duration toJava(Duration duration) {
        return duration == null ? null : java.time.Duration.ofMillis(duration.getMilliseconds());
    }

    /** Binds the core's reports to Logback's status manager, under this appender's name. */
    private final class LogbackStatus implements StatusReporter {
        @Override
        public void info(String message) {
            addInfo(message);
        }

        @Override
        public void warn(String message) {
            addWarn(message);
            printIfNobodyListens("WARN", message);
        }

        @Override
        public void error(String message) {
            addError(message);
            printIfNobodyListens("ERROR", message);
        }

        /**
         * Logback prints its status only after a configuration with problems, never while it runs: a
         * webhook that starts answering 403 would fail in silence. So when no status listener is
         * registered, which is the usual case, the report also goes to stderr, as Log4j2's
         * StatusLogger does. It is masked and rate-limited already.
         */
        private void printIfNobodyListens(String level, String message) {
            if (getContext() != null
                    && getContext()
                            .getStatusManager()
                            .getCopyOfStatusListenerList()
                            .isEmpty()) {
                System.err.println("gchat-appender " + level + " [" + getName() + "] " + message);
            }
        }
    }

    @Override
    public String toString() {
        return "GoogleChatAppender{" + getName() + '}';
    }
}
