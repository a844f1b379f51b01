package io.github.gchatappender.core;

import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.dispatch.EventQueue;
import io.github.gchatappender.core.internal.render.LinkTemplate;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Everything a {@link GoogleChatSender} needs, validated once in {@link Builder#build()}. The
 * names match the settings users write in {@code logback.xml} and {@code log4j2.xml}.
 */
public final class SenderSettings {

    /** Events that may wait for the dispatcher; more are dropped, never blocking the caller. */
    public static final int DEFAULT_QUEUE_SIZE = 1024;
    // Each duration a user can set has its default in milliseconds too, for the adapters' {@value} Javadoc.
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS);
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 10_000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMillis(DEFAULT_REQUEST_TIMEOUT_MILLIS);
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
    /** How long a group collects events after its first one before they go out as one message. */
    public static final long DEFAULT_BATCH_WINDOW_MILLIS = 500;

    public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(DEFAULT_BATCH_WINDOW_MILLIS);
    public static final int DEFAULT_MAX_RETRIES = 5;
    /** Google Chat's quota: one message per second per space. */
    public static final double DEFAULT_MESSAGES_PER_SECOND = GoogleChatLimits.MESSAGES_PER_SECOND_PER_SPACE;
    /** One message an hour: as slow as the longest duration setting, and far from overflowing a slot's period. */
    public static final double MIN_MESSAGES_PER_SECOND = 1.0 / 3600;
    /**
     * Read, as a system property and then as an environment variable, when {@code webhookUrl} is not
     * set or blank. Leaving the URL out of the configuration file keeps it out of the framework's own
     * configuration output, which can print substituted values.
     */
    public static final String WEBHOOK_URL_VARIABLE = "GOOGLE_CHAT_WEBHOOK_URL";
    /** The longest any duration setting may be: longer ones are mistakes, and would overflow nanoseconds. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    /** Google's backoff: 2^n seconds plus jitter, capped at 32 s. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(32);
    /** After 401, 403 or 404 (webhook revoked or deleted), how long to send nothing before one probe. */
    public static final Duration DEFAULT_REJECTION_COOLDOWN = Duration.ofMinutes(5);

    private final String name;
    private final WebhookUrl webhookUrl;
    private final String applicationName;
    private final String environment;
    private final int queueSize;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration shutdownTimeout;
    private final Duration batchWindow;
    private final int maxRetries;
    private final double messagesPerSecond;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration rejectionCooldown;
    private final AlertFormat format;
    private final List<String> appPackages;
    private final List<String> mdcKeys;
    private final ZoneId timeZone;
    private final List<String> mentions;
    private final LinkTemplate linkTemplate;
    private final InetSocketAddress proxy;

    private SenderSettings(
            Builder b,
            WebhookUrl webhookUrl,
            AlertFormat format,
            List<String> appPackages,
            List<String> mdcKeys,
            ZoneId timeZone,
            List<String> mentions,
            LinkTemplate linkTemplate) {
        this.name = b.name;
        this.webhookUrl = webhookUrl;
        this.applicationName = blankToNull(b.applicationName);
        this.environment = blankToNull(b.environment);
        this.queueSize = b.queueSize;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.batchWindow = b.batchWindow;
        this.maxRetries = b.maxRetries;
        this.messagesPerSecond = b.messagesPerSecond;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.rejectionCooldown = b.rejectionCooldown;
        this.format = format;
        this.appPackages = appPackages;
        this.mdcKeys = mdcKeys;
        this.timeZone = timeZone;
        this.mentions = mentions;
        this.linkTemplate = linkTemplate;
        this.proxy = b.parsedProxy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The appender's name: in thread names, the MBean name and status lines. */
    public String name() {
        return name;
    }

    /**
     * Sixteen hex digits that tell two settings apart, the URL's token included, without revealing it:
     * for names that must differ when the settings do, such as the Log4j2 manager's.
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(toString().getBytes(StandardCharsets.UTF_8));
            sha.update(webhookUrl.threadedUri().toString().getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest();
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Internal: the parsed URL, for the core's transport. */
    public WebhookUrl webhookUrl() {
        return webhookUrl;
    }

    public String applicationName() {
        return applicationName;
    }

    public String environment() {
        return environment;
    }

    public int queueSize() {
        return queueSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration batchWindow() {
        return batchWindow;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public double messagesPerSecond() {
        return messagesPerSecond;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration rejectionCooldown() {
        return rejectionCooldown;
    }

    public AlertFormat format() {
        return format;
    }

    /** Package prefixes of the application's own code, whose frames a trimmed stack trace keeps first. */
    public List<String> appPackages() {
        return appPackages;
    }

    /** MDC keys shown in alerts; none by default, since the MDC may hold personal data. */
    public List<String> mdcKeys() {
        return mdcKeys;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    /** Who the first message of each group mentions, as {@code users/all} or {@code users/<id>}. */
    public List<String> mentions() {
        return mentions;
    }

    /** The HTTP proxy to use, or null for the JVM's default proxy selector (https.proxyHost and the like). */
    public InetSocketAddress proxy() {
        return proxy;
    }

    /**
     * The MDC keys that alerts read: {@code mdcKeys} and the {@code linkTemplate}'s {@code {mdc:KEY}}
     * placeholders. An event's copy keeps these first, so that a larger MDC never loses them.
     */
    public Set<String> keptMdcKeys() {
        Set<String> keys = new LinkedHashSet<>(mdcKeys);
        if (linkTemplate != null) {
            keys.addAll(linkTemplate.mdcKeys());
        }
        return Collections.unmodifiableSet(keys);
    }

    /** Internal: the parsed "Open logs" link, or null, for the core's renderer. */
    public LinkTemplate linkTemplate() {
        return linkTemplate;
    }

    /** The settings without the webhook's secrets. */
    @Override
    public String toString() {
        return "SenderSettings{name=" + name + ", webhookUrl=" + webhookUrl + ", applicationName=" + applicationName
                + ", environment=" + environment + ", queueSize=" + queueSize + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", shutdownTimeout=" + shutdownTimeout
                + ", batchWindow=" + batchWindow + ", maxRetries=" + maxRetries
                + ", messagesPerSecond=" + messagesPerSecond + ", format=" + format + ", appPackages=" + appPackages
                + ", mdcKeys=" + mdcKeys + ", timeZone=" + timeZone + ", mentions=" + mentions
                + ", linkTemplate=" + linkTemplate + ", proxy=" + proxy + '}';
    }

    private static final Pattern MENTION = Pattern.compile("users/(all|[A-Za-z0-9._%+@-]+)");

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Collects settings; {@link #build()} validates them all and names the first one to fix. */
    public static final class Builder {
        private String name = "GoogleChat";
        private String webhookUrl;
        private String applicationName;
        private String environment;
        private int queueSize = DEFAULT_QUEUE_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration batchWindow = DEFAULT_BATCH_WINDOW;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private double messagesPerSecond = DEFAULT_MESSAGES_PER_SECOND;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration rejectionCooldown = DEFAULT_REJECTION_COOLDOWN;
        private UnaryOperator<String> variables = System::getenv;
        private UnaryOperator<String> frameworkProperties = name -> null;
        /** Durations given as text that did not parse, by setting; build() throws the first. */
        private final Map<String, InvalidSettingException> unparsed = new LinkedHashMap<>();

        private String format;
        private String appPackages;
        private String mdcKeys;
        private String timeZone;
        private String mentions;
        private String linkTemplate;
        private String proxy;
        private InetSocketAddress parsedProxy;

        private Builder() {}

        /** Where {@value #WEBHOOK_URL_VARIABLE} is looked up after the system properties; for tests. */
        Builder environmentVariables(UnaryOperator<String> variables) {
            this.variables = variables;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The space's webhook URL, a secret. When null or blank, {@link #build()} looks up
         * {@value #WEBHOOK_URL_VARIABLE} in the {@linkplain #frameworkProperties framework's properties},
         * then as a system property, then in the environment; a blank value counts as unset at each step.
         */
        public Builder webhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return this;
        }

        /**
         * The logging framework's own properties, looked up first for {@value #WEBHOOK_URL_VARIABLE} when no
         * webhook URL is set: Logback's context properties, which {@code <springProperty scope="context">}
         * sets without passing the URL through variable substitution. None by default.
         */
        public Builder frameworkProperties(UnaryOperator<String> frameworkProperties) {
            this.frameworkProperties = frameworkProperties == null ? name -> null : frameworkProperties;
            return this;
        }

        public Builder applicationName(String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public Builder queueSize(int queueSize) {
            this.queueSize = queueSize;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            unparsed.remove("connectTimeout");
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}; null or blank leaves the value as it was (the default, unless set). */
        public Builder connectTimeout(String connectTimeout) {
            this.connectTimeout = parsed("connectTimeout", connectTimeout, this.connectTimeout);
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            unparsed.remove("requestTimeout");
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}; null or blank leaves the value as it was (the default, unless set). */
        public Builder requestTimeout(String requestTimeout) {
            this.requestTimeout = parsed("requestTimeout", requestTimeout, this.requestTimeout);
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            unparsed.remove("shutdownTimeout");
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}; null or blank leaves the value as it was (the default, unless set). */
        public Builder shutdownTimeout(String shutdownTimeout) {
            this.shutdownTimeout = parsed("shutdownTimeout", shutdownTimeout, this.shutdownTimeout);
            return this;
        }

        public Builder batchWindow(Duration batchWindow) {
            unparsed.remove("batchWindow");
            this.batchWindow = batchWindow;
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}; null or blank leaves the value as it was (the default, unless set). */
        public Builder batchWindow(String batchWindow) {
            this.batchWindow = parsed("batchWindow", batchWindow, this.batchWindow);
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder messagesPerSecond(double messagesPerSecond) {
            this.messagesPerSecond = messagesPerSecond;
            return this;
        }

        /** The first retry's wait; each later one doubles, up to {@link #maxBackoff(Duration)}. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** How long a revoked webhook (401, 403, 404) gets no requests before one probe. */
        public Builder rejectionCooldown(Duration rejectionCooldown) {
            this.rejectionCooldown = rejectionCooldown;
            return this;
        }

        /** {@code TEXT} (default) or {@code CARD}. */
        public Builder format(String format) {
            this.format = format;
            return this;
        }

        /** Comma-separated package prefixes, for example {@code com.acme, org.example.shop}. */
        public Builder appPackages(String appPackages) {
            this.appPackages = appPackages;
            return this;
        }

        /** Comma-separated MDC keys to show, for example {@code traceId, userId}. */
        public Builder mdcKeys(String mdcKeys) {
            this.mdcKeys = mdcKeys;
            return this;
        }

        /** A zone id ({@code Europe/Berlin}) or offset ({@code +01:00}); UTC by default. */
        public Builder timeZone(String timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        /** Comma-separated {@code users/all} or {@code users/<id>}. */
        public Builder mention(String mentions) {
            this.mentions = mentions;
            return this;
        }

        public Builder linkTemplate(String linkTemplate) {
            this.linkTemplate = linkTemplate;
            return this;
        }

        /**
         * {@code host:port} or {@code http://host:port} of an HTTP proxy, {@code [::1]:3128} for IPv6;
         * without it, the JVM's default proxy selector applies. {@link #build()} rejects credentials and
         * {@code https://}: see {@link ProxySetting}.
         */
        public Builder proxy(String proxy) {
            this.proxy = proxy;
            return this;
        }

        /** A duration from text, or {@code current} when blank; a value that does not parse is kept for build(). */
        private Duration parsed(String setting, String text, Duration current) {
            unparsed.remove(setting);
            if (isBlank(text)) {
                return current;
            }
            try {
                return DurationSetting.parse(setting, text);
            } catch (InvalidSettingException e) {
                unparsed.put(setting, e);
                return current;
            }
        }

        /** @throws InvalidSettingException naming the first setting whose value cannot work */
        public SenderSettings build() {
            if (!unparsed.isEmpty()) {
                throw unparsed.values().iterator().next();
            }
            WebhookUrl url = WebhookUrl.parse(isBlank(webhookUrl) ? fromEnvironment() : webhookUrl);
            if (name == null || name.isBlank()) {
                throw new InvalidSettingException("name", "is missing; give the appender a name");
            }
            if (queueSize < 1 || queueSize > EventQueue.MAX_CAPACITY) {
                throw new InvalidSettingException(
                        "queueSize", "must be 1 to " + EventQueue.MAX_CAPACITY + ", was " + queueSize);
            }
            positive("connectTimeout", connectTimeout);
            positive("requestTimeout", requestTimeout);
            positive("shutdownTimeout", shutdownTimeout);
            notNegative("batchWindow", batchWindow);
            positive("initialBackoff", initialBackoff);
            positive("maxBackoff", maxBackoff);
            positive("rejectionCooldown", rejectionCooldown);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new InvalidSettingException(
                        "maxBackoff",
                        "must not be shorter than initialBackoff (" + initialBackoff + "), was " + maxBackoff);
            }
            if (maxRetries < 0) {
                throw new InvalidSettingException("maxRetries", "must be 0 or more, was " + maxRetries);
            }
            if (!(messagesPerSecond >= MIN_MESSAGES_PER_SECOND) || Double.isInfinite(messagesPerSecond)) {
                throw new InvalidSettingException(
                        "messagesPerSecond",
                        "must be at least 1/3600 (one message an hour)," + " was " + messagesPerSecond);
            }
            parsedProxy = ProxySetting.parse(proxy);
            return new SenderSettings(
                    this,
                    url,
                    parseFormat(),
                    list(appPackages),
                    list(mdcKeys),
                    parseZone(),
                    parseMentions(),
                    isBlank(linkTemplate) ? null : LinkTemplate.parse(linkTemplate));
        }

        private AlertFormat parseFormat() {
            if (isBlank(format)) {
                return AlertFormat.TEXT;
            }
            try {
                return AlertFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("format", "must be TEXT or CARD, was '" + format + "'");
            }
        }

        private ZoneId parseZone() {
            if (isBlank(timeZone)) {
                return ZoneOffset.UTC;
            }
            try {
                return ZoneId.of(timeZone.trim());
            } catch (DateTimeException e) {
                throw new InvalidSettingException(
                        "timeZone",
                        "is not a zone id or offset: '" + timeZone
                                + "' (write for example UTC, Europe/Berlin or +01:00)");
            }
        }

        private List<String> parseMentions() {
            List<String> parsed = list(mentions);
            for (String mention : parsed) {
                if (!MENTION.matcher(mention).matches()) {
                    throw new InvalidSettingException(
                            "mention", "must be users/all or users/<id>, was '" + mention + "'");
                }
            }
            return parsed;
        }

        private static List<String> list(String commaSeparated) {
            if (isBlank(commaSeparated)) {
                return Collections.emptyList();
            }
            List<String> items = new ArrayList<>();
            for (String item : commaSeparated.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return List.copyOf(items);
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }

        /** A blank value counts as unset at each step: {@code ${VAR:-}} in a configuration gives one. */
        private String fromEnvironment() {
            for (UnaryOperator<String> source :
                    List.<UnaryOperator<String>>of(frameworkProperties, System::getProperty, variables)) {
                String found = source.apply(WEBHOOK_URL_VARIABLE);
                if (!isBlank(found)) {
                    return found;
                }
            }
            return null;
        }

        private static void positive(String setting, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidSettingException(setting, "must be a positive duration, was " + value);
            }
            atMostMax(setting, value);
        }

        private static void notNegative(String setting, Duration value) {
            if (value == null || value.isNegative()) {
                throw new InvalidSettingException(setting, "must be zero or a positive duration, was " + value);
            }
            atMostMax(setting, value);
        }

        private static void atMostMax(String setting, Duration value) {
            if (value.compareTo(MAX_DURATION) > 0) {
                throw new InvalidSettingException(
                        setting, "must be at most " + MAX_DURATION.toHours() + " hour, was " + value);
            }
        }
    }
}
