package io.github.gchatappender.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the appender the starter attaches, under {@code google.chat.}, in Boot's
 * kebab-case: the same settings as in {@code logback.xml} and {@code log4j2.xml}, with Boot's
 * forms for durations ({@code 10s}) and lists (comma-separated). The properties reach the appender as
 * one {@link io.github.gchatappender.core.SenderSettings}, durations with their full precision. The
 * defaults are the core's, written out as literals: the configuration processor puts only those in the
 * metadata that IDEs show ({@code SettingsInStepTest} holds them to the core's). On Logback,
 * {@code level} has no {@code FATAL}, a bad value that stops the application as any other does.
 *
 * <p>The webhook URL is a secret, and so is the fleet store's password: neither is printed, and
 * {@link #toString()} leaves both out.
 */
@ConfigurationProperties(prefix = GoogleChatProperties.PREFIX)
public class GoogleChatProperties {

    public static final String PREFIX = "google.chat";

    /** Whether the starter attaches an appender. */
    private boolean enabled = true;
    /**
     * The space's incoming-webhook URL: https://chat.googleapis.com/v1/spaces/.../messages?key=...&amp;token=....
     * Also read from GOOGLE_CHAT_WEBHOOK_URL. Without it the starter attaches no appender.
     */
    private String webhookUrl;
    /** The loggers the appender is attached to. */
    private List<String> loggers = new ArrayList<>(List.of("ROOT"));
    /** The lowest level that is sent: TRACE to ERROR, or OFF; FATAL too on Log4j2. */
    private String level = "ERROR";
    /** Shown in every alert and part of the thread key. Defaults to spring.application.name. */
    private String applicationName;
    /** Shown in every alert and part of the thread key. Defaults to the active profiles. */
    private String environment;
    /** TEXT (Chat text syntax) or CARD (a cardsV2 card). */
    private String format = "TEXT";
    /** users/all or users/ID, added to the first message of each kind of error. */
    private List<String> mention = new ArrayList<>();
    /**
     * An "Open logs" link, with the placeholders {mdc:KEY}, {logger}, {level}, {exception},
     * {applicationName} and {environment}, each URL-encoded.
     */
    private String linkTemplate;
    /** MDC keys to show in alerts. None by default: the MDC may hold personal data. */
    private List<String> mdcKeys = new ArrayList<>();
    /** Package prefixes of your code, whose frames the trimmed stack trace keeps. */
    private List<String> appPackages = new ArrayList<>();
    /** How long a kind of error collects repeats after its first event. */
    private Duration batchWindow = Duration.ofMillis(500);
    /**
     * The longest gap between two messages of one Chat thread while its errors go on; the gaps grow from 10s to
     * it. 0 sends them as fast as the quota allows.
     */
    private Duration updateInterval = Duration.ofMinutes(5);
    /** How long a Chat thread is quiet before its resolved note. 0 sends none. */
    private Duration resolvedAfter = Duration.ofMinutes(5);
    /** The highest send rate, at least 1/3600. Google Chat allows 1 message per second per space. */
    private double messagesPerSecond = 1;
    /** How many events may wait for the sender, 1 to 1048576; past this, events are dropped and counted. */
    private int queueSize = 1024;
    /** How many times a message is retried after 408, 5xx or a network error. */
    private int maxRetries = 5;
    /** The limit on opening a connection to the webhook. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** The limit on one request, including reading the answer. */
    private Duration requestTimeout = Duration.ofSeconds(10);
    /** How long stopping may take to deliver what is still pending. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    /** The zone for the times in alerts, for example Europe/Berlin. */
    private String timeZone = "UTC";
    /** host:port or http://host:port of an HTTP proxy, without user name or password; without it, the JVM's proxy settings apply. */
    private String proxy;
    /**
     * The redis:// or rediss:// URL of a store that the replicas of a fleet share, for example
     * redis://:PASSWORD@redis.internal:6379/0; it needs gchat-appender-redis on the class path. Also read from
     * GOOGLE_CHAT_FLEET_STORE. Its password is never printed. None by default.
     */
    private String fleetStore;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public List<String> getLoggers() {
        return loggers;
    }

    public void setLoggers(List<String> loggers) {
        this.loggers = loggers;
    }

    public String getLevel() {
        return level;
    }

    public void setLevel(String level) {
        this.level = level;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public List<String> getMention() {
        return mention;
    }

    public void setMention(List<String> mention) {
        this.mention = mention;
    }

    public String getLinkTemplate() {
        return linkTemplate;
    }

    public void setLinkTemplate(String linkTemplate) {
        this.linkTemplate = linkTemplate;
    }

    public List<String> getMdcKeys() {
        return mdcKeys;
    }

    public void setMdcKeys(List<String> mdcKeys) {
        this.mdcKeys = mdcKeys;
    }

    public List<String> getAppPackages() {
        return appPackages;
    }

    public void setAppPackages(List<String> appPackages) {
        this.appPackages = appPackages;
    }

    public Duration getBatchWindow() {
        return batchWindow;
    }

    public void setBatchWindow(Duration batchWindow) {
        this.batchWindow = batchWindow;
    }

    public Duration getUpdateInterval() {
        return updateInterval;
    }

    public void setUpdateInterval(Duration updateInterval) {
        this.updateInterval = updateInterval;
    }

    public Duration getResolvedAfter() {
        return resolvedAfter;
    }

    public void setResolvedAfter(Duration resolvedAfter) {
        this.resolvedAfter = resolvedAfter;
    }

    public double getMessagesPerSecond() {
        return messagesPerSecond;
    }

    public void setMessagesPerSecond(double messagesPerSecond) {
        this.messagesPerSecond = messagesPerSecond;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getProxy() {
        return proxy;
    }

    public void setProxy(String proxy) {
        this.proxy = proxy;
    }

    public String getFleetStore() {
        return fleetStore;
    }

    public void setFleetStore(String fleetStore) {
        this.fleetStore = fleetStore;
    }

    @Override
    public String toString() {
        return "GoogleChatProperties{enabled=" + enabled + ", webhookUrl=" + (webhookUrl == null ? "unset" : "***")
                + ", loggers=" + loggers + ", level=" + level + '}';
    }
}
