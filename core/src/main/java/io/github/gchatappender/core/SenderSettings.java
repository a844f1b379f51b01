package io.github.gchatappender.core;

import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.internal.dispatch.EventQueue;
import io.github.gchatappender.core.internal.render.LinkTemplate;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Everything a {@link GoogleChatSender} needs, in three sections of plain values: {@link #rendering()},
 * {@link #delivery()} and {@link #transport()}. Built once, and checked as it is built: a value the
 * appender cannot start with never makes a settings object, and the exception names the setting to fix.
 * The names are the settings users write in {@code logback.xml}, {@code log4j2.xml} and, in kebab-case,
 * under {@code google.chat.} in Boot's properties.
 */
public final class SenderSettings {

    /**
     * Read, in the framework's properties, as a system property and then as an environment variable, when
     * {@code webhookUrl} is not set or blank. Leaving the URL out of the configuration file keeps it out of
     * the framework's own configuration output, which can print substituted values.
     */
    public static final String WEBHOOK_URL_VARIABLE = "GOOGLE_CHAT_WEBHOOK_URL";
    /**
     * Read as {@link #WEBHOOK_URL_VARIABLE} is, in the same order, when {@code fleetStore} is not set or
     * blank: its password is a secret too.
     */
    public static final String FLEET_STORE_VARIABLE = "GOOGLE_CHAT_FLEET_STORE";
    /** The longest any duration setting may be: longer ones are mistakes, and would overflow nanoseconds. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);

    private final String name;
    private final RenderingSettings rendering;
    private final DeliverySettings delivery;
    private final TransportSettings transport;

    private SenderSettings(
            String name, RenderingSettings rendering, DeliverySettings delivery, TransportSettings transport) {
        this.name = name;
        this.rendering = rendering;
        this.delivery = delivery;
        this.transport = transport;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The appender's name: in thread names, the MBean name and status lines. */
    public String name() {
        return name;
    }

    /** The same settings under another name: for an adapter that names its appender itself. */
    public SenderSettings withName(String name) {
        if (TextSettings.isBlank(name)) {
            throw new InvalidSettingException("name", "is missing; give the appender a name");
        }
        return new SenderSettings(name, rendering, delivery, transport);
    }

    public RenderingSettings rendering() {
        return rendering;
    }

    public DeliverySettings delivery() {
        return delivery;
    }

    public TransportSettings transport() {
        return transport;
    }

    /** The settings without the webhook's secrets, and without the fleet store's password. */
    @Override
    public String toString() {
        return "SenderSettings{name=" + name + ", " + transport + ", " + rendering + ", " + delivery + '}';
    }

    /**
     * Collects settings; {@link #build()} checks them all and names the first one to fix. Every setter takes
     * null (or blank text) as "not set": the setting keeps its default. So an adapter forwards what its
     * configuration holds, set or not, and the defaults live here only.
     */
    public static final class Builder {
        private String name = "GoogleChat";
        private String webhookUrl;
        private String applicationName;
        private String environment;
        private int queueSize = DeliverySettings.DEFAULT_QUEUE_SIZE;
        private Duration connectTimeout = Duration.ofMillis(TransportSettings.DEFAULT_CONNECT_TIMEOUT_MILLIS);
        private Duration requestTimeout = Duration.ofMillis(TransportSettings.DEFAULT_REQUEST_TIMEOUT_MILLIS);
        private Duration shutdownTimeout = Duration.ofMillis(DeliverySettings.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
        private Duration batchWindow = Duration.ofMillis(DeliverySettings.DEFAULT_BATCH_WINDOW_MILLIS);
        private Duration updateInterval = Duration.ofMillis(DeliverySettings.DEFAULT_UPDATE_INTERVAL_MILLIS);
        private Duration resolvedAfter = Duration.ofMillis(DeliverySettings.DEFAULT_RESOLVED_AFTER_MILLIS);
        private int maxRetries = DeliverySettings.DEFAULT_MAX_RETRIES;
        private double messagesPerSecond = DeliverySettings.DEFAULT_MESSAGES_PER_SECOND;
        private String format;
        private String appPackages;
        private String mdcKeys;
        private String timeZone;
        private String mentions;
        private String linkTemplate;
        private String proxy;
        private String fleetStore;
        private UnaryOperator<String> variables = System::getenv;
        private UnaryOperator<String> frameworkProperties = name -> null;
        /** Durations given as text that did not parse, by setting; build() throws the first. */
        private final Map<String, InvalidSettingException> unparsed = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Where {@value #WEBHOOK_URL_VARIABLE} and {@value #FLEET_STORE_VARIABLE} are looked up after the
         * system properties; for tests.
         */
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
         * webhook URL is set, and for {@value #FLEET_STORE_VARIABLE} when no fleet store is: Logback's context
         * properties, which {@code <springProperty scope="context">} sets without passing the URL through
         * variable substitution. None by default.
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

        public Builder queueSize(Integer queueSize) {
            this.queueSize = queueSize == null ? this.queueSize : queueSize;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = given("connectTimeout", connectTimeout, this.connectTimeout);
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}. */
        public Builder connectTimeout(String connectTimeout) {
            this.connectTimeout = parsed("connectTimeout", connectTimeout, this.connectTimeout);
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = given("requestTimeout", requestTimeout, this.requestTimeout);
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}. */
        public Builder requestTimeout(String requestTimeout) {
            this.requestTimeout = parsed("requestTimeout", requestTimeout, this.requestTimeout);
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = given("shutdownTimeout", shutdownTimeout, this.shutdownTimeout);
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}. */
        public Builder shutdownTimeout(String shutdownTimeout) {
            this.shutdownTimeout = parsed("shutdownTimeout", shutdownTimeout, this.shutdownTimeout);
            return this;
        }

        public Builder batchWindow(Duration batchWindow) {
            this.batchWindow = given("batchWindow", batchWindow, this.batchWindow);
            return this;
        }

        /** As text, {@code 10 seconds}, {@code 500 ms} or {@code PT10S}. */
        public Builder batchWindow(String batchWindow) {
            this.batchWindow = parsed("batchWindow", batchWindow, this.batchWindow);
            return this;
        }

        /**
         * The longest gap between two messages of one Chat thread while its errors go on; the gaps grow
         * from about 10 s to this. Zero sends a thread's messages as fast as the quota allows.
         */
        public Builder updateInterval(Duration updateInterval) {
            this.updateInterval = given("updateInterval", updateInterval, this.updateInterval);
            return this;
        }

        /** As text, {@code 5 minutes}, {@code 0} or {@code PT5M}. */
        public Builder updateInterval(String updateInterval) {
            this.updateInterval = parsed("updateInterval", updateInterval, this.updateInterval);
            return this;
        }

        /** How long a Chat thread is quiet before its resolved note; zero sends none. */
        public Builder resolvedAfter(Duration resolvedAfter) {
            this.resolvedAfter = given("resolvedAfter", resolvedAfter, this.resolvedAfter);
            return this;
        }

        /** As text, {@code 5 minutes}, {@code 0} or {@code PT5M}. */
        public Builder resolvedAfter(String resolvedAfter) {
            this.resolvedAfter = parsed("resolvedAfter", resolvedAfter, this.resolvedAfter);
            return this;
        }

        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries == null ? this.maxRetries : maxRetries;
            return this;
        }

        public Builder messagesPerSecond(Double messagesPerSecond) {
            this.messagesPerSecond = messagesPerSecond == null ? this.messagesPerSecond : messagesPerSecond;
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

        /**
         * The {@code redis://} or {@code rediss://} URL of a store that the replicas of a fleet share, such as
         * {@code redis://:password@redis.internal:6379/0}; its password is a secret. It needs a fleet store
         * module on the class path ({@code gchat-appender-redis}), or {@link #build()} says to add it. When
         * null or blank, {@link #build()} looks up {@value #FLEET_STORE_VARIABLE} as it looks up the webhook
         * URL; when that is not set either, there is no store.
         */
        public Builder fleetStore(String fleetStore) {
            this.fleetStore = fleetStore;
            return this;
        }

        /** A duration given as such, or {@code current} when null. */
        private Duration given(String setting, Duration value, Duration current) {
            unparsed.remove(setting);
            return value == null ? current : value;
        }

        /** A duration from text, or {@code current} when blank; a value that does not parse is kept for build(). */
        private Duration parsed(String setting, String text, Duration current) {
            unparsed.remove(setting);
            if (TextSettings.isBlank(text)) {
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
            VariableLookup lookup = new VariableLookup(frameworkProperties, variables);
            String url = TextSettings.isBlank(webhookUrl) ? lookup.find(WEBHOOK_URL_VARIABLE) : webhookUrl;
            WebhookUrl parsedUrl = checked("webhookUrl", () -> WebhookUrl.parse(url));
            if (TextSettings.isBlank(name)) {
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
            notNegative("updateInterval", updateInterval);
            notNegative("resolvedAfter", resolvedAfter);
            if (maxRetries < 0) {
                throw new InvalidSettingException("maxRetries", "must be 0 or more, was " + maxRetries);
            }
            if (!(messagesPerSecond >= DeliverySettings.MIN_MESSAGES_PER_SECOND)
                    || Double.isInfinite(messagesPerSecond)) {
                throw new InvalidSettingException(
                        "messagesPerSecond", "must be at least 1/3600 (one message an hour), was " + messagesPerSecond);
            }
            InetSocketAddress parsedProxy = ProxySetting.parse(proxy);
            FleetStoreAddress store = checkedFleetStore(
                    TextSettings.isBlank(fleetStore) ? lookup.find(FLEET_STORE_VARIABLE) : fleetStore);
            return new SenderSettings(
                    name,
                    rendering(),
                    new DeliverySettings(
                            queueSize,
                            batchWindow,
                            maxRetries,
                            messagesPerSecond,
                            shutdownTimeout,
                            updateInterval,
                            resolvedAfter),
                    new TransportSettings(
                            url.trim(), parsedUrl.toString(), connectTimeout, requestTimeout, parsedProxy, store));
        }

        /** Checked in the order the settings were checked before there were sections, so the first bad one is named. */
        private RenderingSettings rendering() {
            AlertFormat parsedFormat = TextSettings.format(format);
            List<String> packages = TextSettings.list(appPackages);
            List<String> shownMdcKeys = TextSettings.list(mdcKeys);
            ZoneId zone = TextSettings.zone(timeZone);
            List<String> parsedMentions = TextSettings.mentions(mentions);
            String template = TextSettings.blankToNull(linkTemplate);
            Set<String> kept = new LinkedHashSet<>(shownMdcKeys);
            if (template != null) {
                kept.addAll(checked("linkTemplate", () -> LinkTemplate.parse(template))
                        .mdcKeys());
            }
            return new RenderingSettings(
                    TextSettings.blankToNull(applicationName),
                    TextSettings.blankToNull(environment),
                    parsedFormat,
                    packages,
                    shownMdcKeys,
                    zone,
                    parsedMentions,
                    template,
                    Collections.unmodifiableSet(kept));
        }

        /**
         * The fleet store's address, or null when {@code value} is null or blank; checked that it is a
         * {@code redis://} or {@code rediss://} URL, and that a module on the class path serves it. Every
         * complaint shows the value masked.
         */
        private static FleetStoreAddress checkedFleetStore(String value) {
            if (TextSettings.isBlank(value)) {
                return null;
            }
            FleetStoreAddress address = checked("fleetStore", () -> FleetStoreAddress.parse(value));
            if (!FleetStores.SCHEMES.contains(address.scheme())) {
                throw new InvalidSettingException(
                        "fleetStore",
                        "is set to " + address.masked() + ", which is no fleet store's URL: use redis:// or rediss://");
            }
            List<String> broken = new ArrayList<>();
            if (FleetStores.find(address.scheme(), broken) == null) {
                throw FleetStores.missingModule(address, broken);
            }
            return address;
        }

        /** The parser's answer, or its complaint as the named setting's. */
        private static <T> T checked(String setting, java.util.function.Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting, e.getMessage());
            }
        }

        private static void positive(String setting, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new InvalidSettingException(setting, "must be a positive duration, was " + value);
            }
            atMostMax(setting, value);
        }

        private static void notNegative(String setting, Duration value) {
            if (value.isNegative()) {
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
