package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.internal.dispatch.EventQueue;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's table under {@code ## Configuration} names exactly the settings both appenders have,
 * and its Default column says what the core really defaults to.
 */
class ConfigurationTableTest {

    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`([A-Za-z]+)`\\s*\\|\\s*(.*?)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");
    /** What a built settings object falls back on: no URL in the environment is needed for the defaults. */
    private static final String ANY_WEBHOOK = "https://chat.googleapis.com/v1/spaces/X/messages?key=k&token=t";

    /** Setting name to the text of its Default column, in README order. */
    private static Map<String, String> defaults;
    /** Setting name to the text of its "What it does" column. */
    private static Map<String, String> descriptions;

    @BeforeAll
    static void readTable() throws IOException {
        Map<String, String[]> rows =
                configurationTable(Files.readString(ReadmeBlocks.readme(), StandardCharsets.UTF_8));
        defaults = new LinkedHashMap<>();
        descriptions = new LinkedHashMap<>();
        rows.forEach((setting, columns) -> {
            defaults.put(setting, columns[0]);
            descriptions.put(setting, columns[1]);
        });
    }

    /** Setting name to its Default and "What it does" columns, in README order. */
    static Map<String, String[]> configurationTable(String markdown) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : markdown.split("\r?\n")) {
            if (line.startsWith("#")) {
                inSection = line.matches("##\\s+Configuration\\s*");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.matches()) {
                String[] previous = rows.put(row.group(1), new String[] {row.group(2), row.group(3)});
                assertThat(previous)
                        .as("setting '%s' appears twice in the README's configuration table", row.group(1))
                        .isNull();
            }
        }
        assertThat(rows)
                .as("rows | `setting` | default | description | under '## Configuration' in README.md")
                .isNotEmpty();
        return rows;
    }

    @Test
    void theTableNamesEveryLogbackSettingAndNoOther() {
        Set<String> inCode = new TreeSet<>();
        for (Method method : io.github.gchatappender.logback.GoogleChatAppender.class.getDeclaredMethods()) {
            // Declared here only: setName, setContext and the like come from Logback's base classes.
            if (Modifier.isPublic(method.getModifiers())
                    && !Modifier.isStatic(method.getModifiers())
                    && !method.isSynthetic()
                    && method.getName().startsWith("set")
                    && method.getName().length() > 3
                    && method.getParameterCount() == 1) {
                inCode.add(Character.toLowerCase(method.getName().charAt(3))
                        + method.getName().substring(4));
            }
        }
        assertSameSettings("the Logback appender's setters", inCode);
    }

    @Test
    void theTableNamesEveryLog4j2AttributeAndNoOther() {
        Set<String> inCode = new TreeSet<>();
        // Declared on the Builder only: name, filter, layout, ignoreExceptions and properties are Log4j2's own.
        for (Field field : io.github.gchatappender.log4j2.GoogleChatAppender.Builder.class.getDeclaredFields()) {
            PluginBuilderAttribute attribute = field.getAnnotation(PluginBuilderAttribute.class);
            if (attribute != null) {
                inCode.add(attribute.value().isEmpty() ? field.getName() : attribute.value());
            }
        }
        assertSameSettings("the Log4j2 Builder's @PluginBuilderAttribute fields", inCode);
    }

    private static void assertSameSettings(String what, Set<String> inCode) {
        Set<String> inCodeOnly = new TreeSet<>(inCode);
        inCodeOnly.removeAll(defaults.keySet());
        Set<String> inReadmeOnly = new TreeSet<>(defaults.keySet());
        inReadmeOnly.removeAll(inCode);
        assertThat(inCodeOnly.isEmpty() && inReadmeOnly.isEmpty())
                .as(
                        "README's configuration table against %s:%n  in code, not in the README table: %s%n"
                                + "  in the README table, not in code: %s",
                        what, inCodeOnly, inReadmeOnly)
                .isTrue();
    }

    @Test
    void theDefaultColumnMatchesTheCoreDefaults() {
        SenderSettings settings =
                SenderSettings.builder().webhookUrl(ANY_WEBHOOK).build();

        SoftAssertions.assertSoftly(softly -> {
            assertDefault(
                    softly, "queueSize", String.valueOf(settings.delivery().queueSize()));
            assertDefault(
                    softly, "maxRetries", String.valueOf(settings.delivery().maxRetries()));
            assertDefault(
                    softly, "messagesPerSecond", number(settings.delivery().messagesPerSecond()));
            assertDefault(softly, "batchWindow", duration(settings.delivery().batchWindow()));
            assertDefault(
                    softly, "connectTimeout", duration(settings.transport().connectTimeout()));
            assertDefault(
                    softly, "requestTimeout", duration(settings.transport().requestTimeout()));
            assertDefault(
                    softly, "shutdownTimeout", duration(settings.delivery().shutdownTimeout()));
            softly.assertThat(settings.rendering().format()).isEqualTo(AlertFormat.TEXT);
            assertDefault(softly, "format", "`" + settings.rendering().format() + "`");
            softly.assertThat(settings.rendering().timeZone()).isEqualTo(ZoneOffset.UTC);
            assertDefault(softly, "timeZone", "`UTC`");
            assertDefault(
                    softly,
                    "webhookUrl",
                    "`" + SenderSettings.WEBHOOK_URL_VARIABLE + "` (system property, then environment variable)");
        });
    }

    @Test
    void settingsWhoseDefaultIsNoneAreUnsetInTheCore() {
        SenderSettings settings =
                SenderSettings.builder().webhookUrl(ANY_WEBHOOK).build();

        SoftAssertions.assertSoftly(softly -> {
            assertDefault(softly, "applicationName", "none");
            softly.assertThat(settings.rendering().applicationName())
                    .as("applicationName")
                    .isNull();
            assertDefault(softly, "environment", "none");
            softly.assertThat(settings.rendering().environment())
                    .as("environment")
                    .isNull();
            assertDefault(softly, "appPackages", "none");
            softly.assertThat(settings.rendering().appPackages())
                    .as("appPackages")
                    .isEmpty();
            assertDefault(softly, "mdcKeys", "none");
            softly.assertThat(settings.rendering().mdcKeys()).as("mdcKeys").isEmpty();
            assertDefault(softly, "mention", "none");
            softly.assertThat(settings.rendering().mentions()).as("mention").isEmpty();
            assertDefault(softly, "linkTemplate", "none");
            softly.assertThat(settings.rendering().linkTemplate())
                    .as("linkTemplate")
                    .isNull();
            assertDefault(softly, "proxy", "the JVM's proxy settings");
            softly.assertThat(settings.transport().proxy())
                    .as("proxy: none of its own, so the JVM's ProxySelector applies")
                    .isNull();
        });
    }

    @Test
    void theQueueSizeRangeIsTheQueuesOwn() {
        assertThat(descriptions.get("queueSize"))
                .as("README's description of queueSize")
                .contains("1 to " + EventQueue.MAX_CAPACITY);
    }

    private static void assertDefault(SoftAssertions softly, String setting, String expected) {
        softly.assertThat(defaults.get(setting))
                .as("README's Default column for %s", setting)
                .isEqualTo(expected);
    }

    /** As the README writes numbers: {@code 1}, not {@code 1.0}. */
    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** As the README writes durations: {@code 5 s}, {@code 500 ms}. */
    private static String duration(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + " s" : value.toMillis() + " ms";
    }
}
