package io.github.gchatappender.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.InvalidSettingException;
import io.github.gchatappender.core.LogEventReader;
import io.github.gchatappender.core.ReentryGuard;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * webhook's key or token. A misconfigured appender does not start and says which setting to fix.
 */
public class GoogleChatAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final SenderSettings.Builder settings = SenderSettings.builder();
    private final ReentryGuard guard = new ReentryGuard();
    private Level level = Level.ERROR;
    private String levelSetting;
    /** The running sender; after stop, the stopped one, whose counts stay readable and exact. */
    private volatile GoogleChatSender sender;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        SenderSettings validated;
        try {
            validated = settings.name(getName() == null ? "GoogleChat" : getName())
                    .frameworkProperties(
                            name -> getContext() == null ? null : getContext().getProperty(name))
                    .build();
            level = parseLevel(levelSetting);
        } catch (InvalidSettingException e) {
            // A warning, not an error: Spring Boot refuses to start an application whose Logback
            // configuration reports any error, and a missing alert channel must not keep it down.
            addWarn("Google Chat appender '" + getName() + "' not started: <" + e.setting() + "> " + e.problem());
            return;
        }
        sender = GoogleChatSender.start(validated, new LogbackStatus());
        super.start();
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
            current.offer(event, EventReader.INSTANCE);
        } finally {
            guard.exit();
        }
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

    /**
     * Reads Logback's events for the core. The kind of a repeat is read from what Logback already
     * has: the logger, the template before formatting, and the class name in the throwable proxy
     * that Logback built when the event was made.
     */
    enum EventReader implements LogEventReader<ILoggingEvent> {
        INSTANCE;

        @Override
        public String loggerName(ILoggingEvent event) {
            return event.getLoggerName();
        }

        @Override
        public String exceptionClassName(ILoggingEvent event) {
            IThrowableProxy proxy = event.getThrowableProxy();
            // As the snapshot names a proxy without a class name (a custom or deserialized one): the
            // kind counted here must be the kind the dispatcher holds.
            return proxy == null ? "" : Objects.requireNonNullElse(proxy.getClassName(), "java.lang.Throwable");
        }

        @Override
        public String messageTemplate(ILoggingEvent event) {
            return event.getMessage();
        }

        @Override
        public String formattedMessage(ILoggingEvent event) {
            return event.getFormattedMessage();
        }

        @Override
        public long timestampMillis(ILoggingEvent event) {
            return event.getTimeStamp();
        }

        /** Kept with the event by an {@code AsyncAppender}, which appends on its own worker thread. */
        @Override
        public String threadName(ILoggingEvent event) {
            return event.getThreadName();
        }

        @Override
        public AlertEvent snapshot(ILoggingEvent event) {
            return GoogleChatAppender.snapshot(event, List.of());
        }

        @Override
        public AlertEvent snapshot(ILoggingEvent event, Collection<String> keptMdcKeys) {
            return GoogleChatAppender.snapshot(event, keptMdcKeys);
        }
    }

    static AlertEvent snapshot(ILoggingEvent event) {
        return snapshot(event, List.of());
    }

    static AlertEvent snapshot(ILoggingEvent event, Collection<String> keptMdcKeys) {
        return AlertEvent.builder()
                .timestampMillis(event.getTimeStamp())
                .level(event.getLevel().toString())
                .loggerName(event.getLoggerName())
                .threadName(event.getThreadName())
                .message(event.getFormattedMessage())
                .messagePattern(event.getMessage())
                .mdc(mdcOf(event), keptMdcKeys)
                .throwable(throwableOf(event.getThrowableProxy()))
                .build();
    }

    private static Map<String, String> mdcOf(ILoggingEvent event) {
        try {
            return event.getMDCPropertyMap();
        } catch (RuntimeException noMdcAdapter) {
            // A LoggerContext built by hand may have no MDC adapter; the event is still worth sending.
            return null;
        }
    }

    /**
     * Read from Logback's proxy, live event or deserialized one alike: Logback has already copied
     * the frames there, and reading the throwable again would clone its stack a second time and
     * take its monitor (getCause, getStackTrace and getSuppressed are synchronized) once more.
     */
    private static ThrowableSnapshot throwableOf(IThrowableProxy proxy) {
        return ThrowableSnapshot.of(proxy, ProxyReader.INSTANCE);
    }

    /** Reads Logback's throwable proxies for the core's snapshot. */
    enum ProxyReader implements ThrowableSnapshot.Reader<IThrowableProxy> {
        INSTANCE;

        @Override
        public String className(IThrowableProxy proxy) {
            return proxy.getClassName();
        }

        @Override
        public String message(IThrowableProxy proxy) {
            return proxy.getMessage();
        }

        @Override
        public StackTraceElement[] frames(IThrowableProxy proxy) {
            StackTraceElementProxy[] proxies = proxy.getStackTraceElementProxyArray();
            if (proxies == null) {
                return new StackTraceElement[0];
            }
            StackTraceElement[] frames = new StackTraceElement[proxies.length];
            for (int i = 0; i < proxies.length; i++) {
                frames[i] = proxies[i].getStackTraceElement();
            }
            return frames;
        }

        /** Logback counted them when it built the proxy; counting again costs a string comparison per frame. */
        @Override
        public int framesInCommonWithEnclosing(IThrowableProxy proxy) {
            return proxy.getCommonFrames();
        }

        /** Logback stands a "circular reference" proxy in for a repeated cause; the chain ends there instead. */
        @Override
        public IThrowableProxy cause(IThrowableProxy proxy) {
            IThrowableProxy cause = proxy.getCause();
            return cause == null || cause.isCyclic() ? null : cause;
        }

        @Override
        public List<IThrowableProxy> suppressed(IThrowableProxy proxy) {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null || suppressed.length == 0) {
                return List.of();
            }
            List<IThrowableProxy> acyclic = new ArrayList<>(suppressed.length);
            for (IThrowableProxy s : suppressed) {
                if (s != null && !s.isCyclic()) {
                    acyclic.add(s);
                }
            }
            return acyclic;
        }
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
     * never waited for. Default {@value SenderSettings#DEFAULT_QUEUE_SIZE}.
     */
    public void setQueueSize(int queueSize) {
        settings.queueSize(queueSize);
    }

    /** The limit on opening a connection, for example {@code 5 seconds}; default {@value SenderSettings#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
    public void setConnectTimeout(Duration connectTimeout) {
        settings.connectTimeout(toJava(connectTimeout));
    }

    /** The limit on one request, answer included; default {@value SenderSettings#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms. */
    public void setRequestTimeout(Duration requestTimeout) {
        settings.requestTimeout(toJava(requestTimeout));
    }

    /** How long stopping may take to deliver what is pending; default {@value SenderSettings#DEFAULT_SHUTDOWN_TIMEOUT_MILLIS} ms. */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        settings.shutdownTimeout(toJava(shutdownTimeout));
    }

    /** How long a kind of error collects repeats after its first event; default {@value SenderSettings#DEFAULT_BATCH_WINDOW_MILLIS} ms. */
    public void setBatchWindow(Duration batchWindow) {
        settings.batchWindow(toJava(batchWindow));
    }

    /** Retries of a message after 408, 5xx or a network error; default {@value SenderSettings#DEFAULT_MAX_RETRIES}. */
    public void setMaxRetries(int maxRetries) {
        settings.maxRetries(maxRetries);
    }

    /** The highest send rate, at least 1/3600; default {@value SenderSettings#DEFAULT_MESSAGES_PER_SECOND}, Google's quota per space. */
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
