package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.internal.dispatch.EventQueue;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * Keeps every place that names the core's settings in step with the core: the settings are the public
 * setters of {@link SenderSettings.Builder}, and each one needs a Logback setter, a Log4j2 attribute with
 * no default of its own, a {@code google.chat.*} property with the core's default in the starter's
 * metadata, and a row of the README's configuration table whose Default column says the core's default.
 * The starter and the Logback appender must also hand each one on. In the starter's tests: only they see
 * the core, both adapters, the starter's metadata and the README at once.
 */
class SettingsInStepTest {

    /** Builder methods that are no setting a user writes. */
    private static final Set<String> NOT_SETTINGS = Set.of("name", "frameworkProperties", "build");
    /** Settings of the adapters' own, not the core's: the level's values are the framework's. */
    private static final Set<String> ADAPTER_SETTINGS = Set.of("level");
    /** The starter's own properties. */
    private static final Set<String> STARTER_PROPERTIES = Set.of("enabled", "loggers", "level");
    /** How the README's Default column says "not set", where it says more than {@code none}. */
    private static final Map<String, String> README_UNSET = Map.of(
            "webhookUrl",
            "`" + SenderSettings.WEBHOOK_URL_VARIABLE + "` (system property, then environment variable)",
            "proxy",
            "the JVM's proxy settings",
            "fleetStore",
            "`" + SenderSettings.FLEET_STORE_VARIABLE + "` (system property, then environment variable)");

    private static final String ANY_WEBHOOK = "https://chat.googleapis.com/v1/spaces/X/messages?key=k&token=t";
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`([A-Za-z]+)`\\s*\\|\\s*(.*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");

    /** The core's settings, by name, each with its builder setters (durations have two). */
    private static Map<String, List<Method>> settings;
    /** The starter's metadata, {@code google.chat.*} only, by property name. */
    private static Map<String, JsonNode> metadata;
    /** The README's configuration table: setting to its Default column. */
    private static Map<String, String> readmeDefaults;
    /** The README's configuration table: setting to its "What it does" column. */
    private static Map<String, String> readmeDescriptions;
    /** A stand-in for gchat-appender-redis while these tests run, so that the fleet store's sample builds. */
    private static AutoCloseable fleetStoreModule;

    @BeforeAll
    static void makeAFleetStoreModuleVisible() throws IOException {
        fleetStoreModule = FakeFleetStoreProvider.visible();
    }

    @AfterAll
    static void hideTheFleetStoreModule() throws Exception {
        fleetStoreModule.close();
    }

    @BeforeAll
    static void read() throws IOException {
        settings = new LinkedHashMap<>();
        for (Method method : SenderSettings.Builder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())
                    && !Modifier.isStatic(method.getModifiers())
                    && !method.isSynthetic()
                    && !NOT_SETTINGS.contains(method.getName())) {
                settings.computeIfAbsent(method.getName(), name -> new java.util.ArrayList<>())
                        .add(method);
            }
        }
        assertThat(settings).as("the core's settings").containsKeys("webhookUrl", "queueSize", "batchWindow");

        metadata = new LinkedHashMap<>();
        try (InputStream in =
                SettingsInStepTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's output").isNotNull();
            for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
                String name = property.get("name").asText();
                if (name.startsWith(GoogleChatProperties.PREFIX + ".")) {
                    metadata.put(name.substring(GoogleChatProperties.PREFIX.length() + 1), property);
                }
            }
        }

        readmeDefaults = new LinkedHashMap<>();
        readmeDescriptions = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8)
                .split("\r?\n")) {
            if (line.startsWith("#")) {
                inSection = line.matches("##\\s+Configuration\\s*");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.matches()) {
                assertThat(readmeDefaults.put(row.group(1), row.group(2)))
                        .as("setting '%s' appears twice in the README's configuration table", row.group(1))
                        .isNull();
                readmeDescriptions.put(row.group(1), row.group(3));
            }
        }
        assertThat(readmeDefaults)
                .as("rows of the README's table under '## Configuration'")
                .isNotEmpty();
    }

    @Test
    void theReadmeGivesTheQueueSizeRangeOfTheQueue() {
        assertThat(readmeDescriptions.get("queueSize"))
                .as("the README's description of queueSize")
                .contains("1 to " + EventQueue.MAX_CAPACITY);
    }

    @Test
    void theLogbackAppenderHasASetterForEachSettingAndNoOther() {
        Set<String> setters = Arrays.stream(
                        io.github.gchatappender.logback.GoogleChatAppender.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers())
                        && !Modifier.isStatic(method.getModifiers())
                        && !method.isSynthetic()
                        && method.getName().matches("set[A-Z]\\w*")
                        && method.getParameterCount() == 1)
                .map(method -> Character.toLowerCase(method.getName().charAt(3))
                        + method.getName().substring(4))
                .collect(Collectors.toCollection(TreeSet::new));

        assertSameSettings("the Logback appender's setters", setters, ADAPTER_SETTINGS);
    }

    @Test
    void theLog4j2BuilderHasAnAttributeForEachSettingAndNoOther() {
        Set<String> attributes = log4j2Attributes().keySet();

        assertSameSettings("the Log4j2 Builder's @PluginBuilderAttribute fields", attributes, ADAPTER_SETTINGS);
    }

    @Test
    void theStarterHasAPropertyForEachSettingAndNoOther() {
        Set<String> properties = metadata.keySet().stream()
                .map(SettingsInStepTest::camel)
                .collect(Collectors.toCollection(TreeSet::new));

        assertSameSettings("the starter's google.chat.* properties", properties, STARTER_PROPERTIES);
        SoftAssertions.assertSoftly(softly -> settings.forEach((setting, setters) -> {
            JsonNode property = metadata.get(kebab(setting));
            if (property != null
                    && setters.stream().allMatch(setter -> setter.getParameterTypes()[0] == String.class)) {
                softly.assertThat(property.get("type").asText())
                        .as("google.chat.%s: text, or a list for a comma-separated setting", kebab(setting))
                        .isIn("java.lang.String", "java.util.List<java.lang.String>");
            }
        }));
    }

    @Test
    void theReadmeTableHasARowForEachSettingAndNoOther() {
        assertSameSettings("the README's configuration table", readmeDefaults.keySet(), ADAPTER_SETTINGS);
    }

    /**
     * One default, the core's: the starter's metadata (what IDEs show) says it, the Log4j2 Builder holds
     * none of its own (an attribute not given is forwarded as null), and the README says it.
     */
    @Test
    void everyDefaultIsTheCoresOwn() throws Exception {
        SenderSettings defaults =
                SenderSettings.builder().webhookUrl(ANY_WEBHOOK).build();
        Object log4j2Builder = io.github.gchatappender.log4j2.GoogleChatAppender.newBuilder();
        Map<String, Field> attributes = log4j2Attributes();

        SoftAssertions softly = new SoftAssertions();
        for (String setting : settings.keySet()) {
            Object core = "webhookUrl".equals(setting) ? null : coreValue(defaults, setting);

            JsonNode property = metadata.get(kebab(setting));
            if (property != null) {
                softly.assertThat(metadataDefault(property.get("defaultValue"), core))
                        .as("google.chat.%s's default in the starter's metadata", kebab(setting))
                        .isEqualTo(expectedInMetadata(core));
            }

            Field attribute = attributes.get(setting);
            if (attribute != null) {
                attribute.setAccessible(true);
                softly.assertThat(attribute.get(log4j2Builder))
                        .as("the Log4j2 attribute %s on a fresh Builder: no default of its own", setting)
                        .isNull();
            }

            if (readmeDefaults.containsKey(setting)) {
                softly.assertThat(readmeDefaults.get(setting))
                        .as("the README's Default column for %s", setting)
                        .isEqualTo(readme(setting, core));
            }
        }
        softly.assertAll();
    }

    /** Each property reaches the settings the starter hands over: one changed at a time, as the core takes it. */
    @Test
    void theStarterHandsEachPropertyOn() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String setting : settings.keySet()) {
            Object sample = sample(setting);
            GoogleChatProperties properties = new GoogleChatProperties();
            properties.setWebhookUrl(ANY_WEBHOOK);
            Method setter = setterOf(GoogleChatProperties.class, setting);
            setter.invoke(properties, converted(sample, setter.getParameterTypes()[0]));

            SenderSettings handedOver = StarterSettings.of(properties, "Logback", StarterSettings.LOGBACK_LEVELS)
                    .sender();

            assertSameSettings(softly, "google.chat." + kebab(setting), handedOver, coreWith(setting, sample));
        }
        softly.assertAll();
    }

    /** Each Logback setter reaches the settings the appender starts with. */
    @Test
    void theLogbackAppenderHandsEachSettingOn() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        LoggerContext context = new LoggerContext();
        context.start();
        try {
            for (String setting : settings.keySet()) {
                Object sample = sample(setting);
                io.github.gchatappender.logback.GoogleChatAppender appender =
                        new io.github.gchatappender.logback.GoogleChatAppender();
                appender.setContext(context);
                appender.setName("GoogleChat");
                appender.setWebhookUrl(ANY_WEBHOOK);
                Method setter = setterOf(appender.getClass(), setting);
                setter.invoke(appender, converted(sample, setter.getParameterTypes()[0]));
                appender.start();
                try {
                    softly.assertThat(appender.isStarted())
                            .as("started with %s", setting)
                            .isTrue();
                    if (appender.isStarted()) {
                        assertSameSettings(
                                softly, "Logback's " + setting, appender.getSettings(), coreWith(setting, sample));
                    }
                } finally {
                    appender.stop();
                }
            }
        } finally {
            context.stop();
        }
        softly.assertAll();
    }

    private static void assertSameSettings(
            SoftAssertions softly, String what, SenderSettings actual, SenderSettings expected) {
        softly.assertThat(values(actual)).as(what).isEqualTo(values(expected));
    }

    /**
     * Every value of the settings, by section and accessor, the webhook URL unmasked. A zone in its normal
     * form: the starter's {@code UTC} and the core's default {@code Z} have the same rules, and alerts show
     * times as offsets.
     */
    private static Map<String, Object> values(SenderSettings settings) {
        Map<String, Object> values = new java.util.TreeMap<>();
        values.put("name", settings.name());
        for (Object section : List.of(settings.rendering(), settings.delivery(), settings.transport())) {
            for (Method accessor : section.getClass().getDeclaredMethods()) {
                if (Modifier.isPublic(accessor.getModifiers())
                        && !Modifier.isStatic(accessor.getModifiers())
                        && accessor.getParameterCount() == 0
                        && !accessor.getName().equals("toString")) {
                    Object value;
                    try {
                        value = accessor.invoke(section);
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                    values.put(
                            section.getClass().getSimpleName() + "." + accessor.getName(),
                            value instanceof ZoneId ? ((ZoneId) value).normalized() : value);
                }
            }
        }
        return values;
    }

    /** The core's settings with only this one changed to {@code sample}, through its own setter. */
    private static SenderSettings coreWith(String setting, Object sample) throws Exception {
        SenderSettings.Builder builder = SenderSettings.builder().webhookUrl(ANY_WEBHOOK);
        for (Method setter : settings.get(setting)) {
            Class<?> type = setter.getParameterTypes()[0];
            if (type.isInstance(sample)) {
                setter.invoke(builder, sample);
                return builder.build();
            }
        }
        throw new AssertionError(
                "no setter of " + setting + " takes a " + sample.getClass().getSimpleName());
    }

    /**
     * A value other than the default for each setting, of the type the core's builder takes. A new setting
     * needs one here: the test fails until it has.
     */
    private static Object sample(String setting) {
        Map<String, Object> samples = Map.ofEntries(
                Map.entry("webhookUrl", "https://chat.googleapis.com/v1/spaces/OTHER/messages?key=k2&token=t2"),
                Map.entry("applicationName", "checkout"),
                Map.entry("environment", "staging"),
                Map.entry("queueSize", 7),
                Map.entry("connectTimeout", Duration.ofMillis(1500)),
                Map.entry("requestTimeout", Duration.ofMillis(2500)),
                Map.entry("shutdownTimeout", Duration.ofMillis(3500)),
                Map.entry("batchWindow", Duration.ofMillis(250)),
                Map.entry("updateInterval", Duration.ofSeconds(45)),
                Map.entry("resolvedAfter", Duration.ofSeconds(90)),
                Map.entry("maxRetries", 2),
                Map.entry("messagesPerSecond", 0.5),
                Map.entry("format", "CARD"),
                Map.entry("appPackages", "com.acme,org.example"),
                Map.entry("mdcKeys", "traceId,userId"),
                Map.entry("timeZone", "Europe/Berlin"),
                Map.entry("mention", "users/all,users/42"),
                Map.entry("linkTemplate", "https://logs.example.com/?trace={mdc:traceId}"),
                Map.entry("proxy", "proxy.example.com:3128"),
                Map.entry("fleetStore", "redis://:sample-password@redis.example.com:6379/0"));
        assertThat(samples).as("a sample value for the setting %s", setting).containsKey(setting);
        return samples.get(setting);
    }

    /** The sample as the starter's property or the Logback setter takes it. */
    private static Object converted(Object sample, Class<?> type) {
        if (type.isInstance(sample) || (type.isPrimitive() && !(sample instanceof String))) {
            return sample;
        }
        if (type == List.class) {
            return Arrays.stream(((String) sample).split(",")).collect(Collectors.toList());
        }
        if (type == ch.qos.logback.core.util.Duration.class) {
            return ch.qos.logback.core.util.Duration.buildByMilliseconds(((Duration) sample).toMillis());
        }
        throw new AssertionError("no conversion of " + sample + " to " + type.getName());
    }

    private static Method setterOf(Class<?> type, String setting) {
        String name = "set" + Character.toUpperCase(setting.charAt(0)) + setting.substring(1);
        return Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(name) && method.getParameterCount() == 1)
                .findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no " + name));
    }

    private static Map<String, Field> log4j2Attributes() {
        Map<String, Field> attributes = new LinkedHashMap<>();
        // Declared on the Builder only: name, filter, layout, ignoreExceptions and properties are Log4j2's own.
        for (Field field : io.github.gchatappender.log4j2.GoogleChatAppender.Builder.class.getDeclaredFields()) {
            PluginBuilderAttribute attribute = field.getAnnotation(PluginBuilderAttribute.class);
            if (attribute != null) {
                attributes.put(attribute.value().isEmpty() ? field.getName() : attribute.value(), field);
            }
        }
        return attributes;
    }

    private static void assertSameSettings(String what, Set<String> found, Set<String> ownSettings) {
        Set<String> missing = new TreeSet<>(settings.keySet());
        missing.removeAll(found);
        Set<String> unknown = new TreeSet<>(found);
        unknown.removeAll(settings.keySet());
        unknown.removeAll(ownSettings);
        assertThat(missing.isEmpty() && unknown.isEmpty())
                .as(
                        "%s against the core's settings (SenderSettings.Builder's setters):%n"
                                + "  the core's, missing there: %s%n  there, not the core's: %s",
                        what, missing, unknown)
                .isTrue();
    }

    /** The setting's value in built settings: the section's accessor of that name ({@code mention}: mentions). */
    private static Object coreValue(SenderSettings built, String setting) throws ReflectiveOperationException {
        for (Object section : List.of(built.rendering(), built.delivery(), built.transport())) {
            for (String name : List.of(setting, setting + "s")) {
                try {
                    return section.getClass().getMethod(name).invoke(section);
                } catch (NoSuchMethodException e) {
                    // Another section's, or the plural.
                } catch (InvocationTargetException e) {
                    throw new AssertionError(e.getCause());
                }
            }
        }
        throw new AssertionError("no accessor for " + setting + " in the settings' sections");
    }

    /** The metadata's default as a value like the core's, for comparison; null when it gives none. */
    private static Object metadataDefault(JsonNode value, Object core) {
        if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
            return null;
        }
        if (core instanceof Duration) {
            return DurationStyle.detectAndParse(value.asText());
        }
        if (core instanceof Integer) {
            return value.asInt();
        }
        if (core instanceof Double) {
            return value.asDouble();
        }
        if (core instanceof ZoneId) {
            return ZoneId.of(value.asText()).normalized();
        }
        if (core instanceof Enum) {
            return enumValue((Enum<?>) core, value.asText());
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** The core's default as the metadata says it: nothing for an empty list, a zone in its normal form. */
    private static Object expectedInMetadata(Object core) {
        if (core instanceof Collection && ((Collection<?>) core).isEmpty()) {
            return null;
        }
        return core instanceof ZoneId ? ((ZoneId) core).normalized() : core;
    }

    private static Object enumValue(Enum<?> core, String name) {
        for (Object constant : core.getDeclaringClass().getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        return name;
    }

    /** The core's default as the README's Default column writes it. */
    private static String readme(String setting, Object core) {
        if (core == null || (core instanceof Collection && ((Collection<?>) core).isEmpty())) {
            return README_UNSET.getOrDefault(setting, "none");
        }
        if (core instanceof Duration) {
            Duration value = (Duration) core;
            return value.toMillis() % 1000 == 0 ? value.toSeconds() + " s" : value.toMillis() + " ms";
        }
        if (core instanceof Double) {
            double value = (Double) core;
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }
        if (core instanceof Number) {
            return core.toString();
        }
        if (core instanceof ZoneId) {
            return "`" + (((ZoneId) core).normalized().equals(ZoneOffset.UTC) ? "UTC" : core) + "`";
        }
        return "`" + core + "`";
    }

    /** {@code messagesPerSecond} → {@code messages-per-second}. */
    private static String kebab(String setting) {
        return StarterSettings.InvalidPropertyException.kebab(setting);
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        for (String part : kebab.split("-")) {
            out.append(out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
