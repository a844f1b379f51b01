package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.gchatappender.core.internal.transport.WebhookUrl;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderSettingsTest {

    private static final String KEY = "FAKE-KEY-settings-0123456789";
    private static final String TOKEN = "FAKE-TOKEN-settings-abcdefghij";
    private static final String URL =
            "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN;

    private static SenderSettings.Builder valid() {
        return SenderSettings.builder().webhookUrl(URL);
    }

    /** An environment that holds {@code url} as the webhook's variable, and no other variable. */
    private static UnaryOperator<String> webhookVariable(String url) {
        return name -> name.equals(SenderSettings.WEBHOOK_URL_VARIABLE) ? url : null;
    }

    private static String space(SenderSettings s) {
        return WebhookUrl.parse(s.transport().webhookUrl()).space();
    }

    private static void assertRejected(String setting, UnaryOperator<SenderSettings.Builder> change) {
        InvalidSettingException e = catchThrowableOfType(
                InvalidSettingException.class, () -> change.apply(valid()).build());

        assertThat(e).as("%s rejected", setting).isNotNull();
        assertThat(e.setting()).isEqualTo(setting);
        assertThat(e.getMessage()).startsWith(setting + " ").doesNotContain(KEY).doesNotContain(TOKEN);
    }

    @Test
    void withoutWebhookUrlTheEnvironmentVariableIsRead() {
        SenderSettings s = SenderSettings.builder()
                .environmentVariables(name -> name.equals("GOOGLE_CHAT_WEBHOOK_URL") ? URL : null)
                .build();

        assertThat(WebhookUrl.parse(s.transport().webhookUrl()).threadedUri().toString())
                .startsWith(URL + "&messageReplyOption=");
    }

    /** {@code <webhookUrl>${VAR:-}</webhookUrl>} and an empty system property both give a blank value. */
    @Test
    void aBlankWebhookUrlOrSystemPropertyCountsAsNotSet() {
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", " ");
        try {
            SenderSettings s = SenderSettings.builder()
                    .webhookUrl("")
                    .environmentVariables(webhookVariable(URL))
                    .build();
            assertThat(space(s)).isEqualTo("spaces/AAAA");
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentVariable() {
        String fromProperty = URL.replace("AAAA", "PROP");
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", fromProperty);
        try {
            SenderSettings s = SenderSettings.builder()
                    .environmentVariables(webhookVariable(URL))
                    .build();
            assertThat(space(s)).isEqualTo("spaces/PROP");
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }

    /** Logback's context property: looked up before the system property and the environment variable. */
    @Test
    void theFrameworksPropertyWinsOverTheSystemPropertyAndTheEnvironment() {
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", URL.replace("AAAA", "PROP"));
        try {
            SenderSettings.Builder builder =
                    SenderSettings.builder().environmentVariables(webhookVariable(URL.replace("AAAA", "ENV")));
            assertThat(space(builder.frameworkProperties(
                                    name -> name.equals("GOOGLE_CHAT_WEBHOOK_URL") ? URL.replace("AAAA", "CTX") : null)
                            .build()))
                    .isEqualTo("spaces/CTX");
            assertThat(space(builder.frameworkProperties(name -> " ").build()))
                    .as("a blank framework property counts as unset")
                    .isEqualTo("spaces/PROP");
            assertThat(space(builder.webhookUrl(URL).build()))
                    .as("the setting wins")
                    .isEqualTo("spaces/AAAA");
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }

    /** Durations as text, as Log4j2's attributes give them: parsed here, and a bad one named at build. */
    @Test
    void durationsAsTextAreParsedAndABadOneIsNamedByBuild() {
        SenderSettings s = valid().connectTimeout("2 seconds")
                .requestTimeout("PT3S")
                .shutdownTimeout("1500 ms")
                .batchWindow("0")
                .build();
        assertThat(s.transport().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.transport().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.delivery().shutdownTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.delivery().batchWindow()).isZero();
        assertThat(valid().connectTimeout("  ").build().transport().connectTimeout())
                .as("blank keeps the default")
                .isEqualTo(Duration.ofMillis(TransportSettings.DEFAULT_CONNECT_TIMEOUT_MILLIS));

        assertRejected("shutdownTimeout", b -> b.shutdownTimeout("soon"));
        assertThat(valid().batchWindow("soon")
                        .batchWindow(Duration.ofSeconds(1))
                        .build()
                        .delivery()
                        .batchWindow())
                .as("a later value replaces the bad one")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anExplicitWebhookUrlWinsOverTheEnvironment() {
        SenderSettings s = valid().environmentVariables(webhookVariable(URL.replace("AAAA", "ENV")))
                .build();

        assertThat(space(s)).isEqualTo("spaces/AAAA");
    }

    /** With several bad values, the first in the settings' order is named, as it was before the sections. */
    @Test
    void theFirstBadSettingInOrderIsNamed() {
        assertRejected(
                "timeZone", b -> b.timeZone("Mars/Olympus").mention("bob").linkTemplate("ftp://x"));
        assertRejected("mention", b -> b.mention("bob").linkTemplate("ftp://x"));
        assertRejected("format", b -> b.format("HTML").mdcKeys("a").linkTemplate("ftp://x"));
    }

    @Test
    void defaults() {
        SenderSettings s = valid().build();

        assertThat(s.name()).isEqualTo("GoogleChat");
        assertThat(s.delivery().queueSize()).isEqualTo(1024);
        assertThat(s.delivery().shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.transport().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.transport().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.delivery().maxRetries()).isEqualTo(5);
        assertThat(s.delivery().messagesPerSecond()).isEqualTo(1.0);
        assertThat(s.delivery().batchWindow()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.rendering().applicationName()).isNull();
        assertThat(s.rendering().environment()).isNull();
        assertThat(space(s)).isEqualTo("spaces/AAAA");
    }

    @Test
    void valuesAreKept() {
        SenderSettings s = valid().name("alerts")
                .applicationName("  checkout ")
                .environment("prod")
                .queueSize(1)
                .connectTimeout(Duration.ofMillis(1))
                .requestTimeout(Duration.ofSeconds(3))
                .shutdownTimeout(Duration.ofSeconds(2))
                .batchWindow(Duration.ZERO)
                .maxRetries(0)
                .messagesPerSecond(0.25)
                .build();

        assertThat(s.name()).isEqualTo("alerts");
        assertThat(s.rendering().applicationName()).isEqualTo("checkout");
        assertThat(s.rendering().environment()).isEqualTo("prod");
        assertThat(s.delivery().queueSize()).isEqualTo(1);
        assertThat(s.transport().connectTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(s.transport().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.delivery().shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.delivery().batchWindow()).isZero();
        assertThat(s.delivery().maxRetries()).isZero();
        assertThat(s.delivery().messagesPerSecond()).isEqualTo(0.25);
    }

    @Test
    void blankApplicationAndEnvironmentBecomeNull() {
        SenderSettings s = valid().applicationName("   ").environment("").build();

        assertThat(s.rendering().applicationName()).isNull();
        assertThat(s.rendering().environment()).isNull();
    }

    @Test
    void missingOrInvalidWebhookUrl() {
        assertRejected("webhookUrl", b -> b.webhookUrl(null).environmentVariables(name -> null));
        assertRejected(
                "webhookUrl",
                b -> b.webhookUrl("http://chat.googleapis.com/v1/spaces/A/messages?key=k&token=" + TOKEN));
        assertRejected("webhookUrl", b -> b.webhookUrl(URL + " " + "x"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void aMissingWebhookUrlIsRejectedNamingTheSetting(String url) {
        InvalidSettingException e = catchThrowableOfType(
                InvalidSettingException.class,
                () -> SenderSettings.builder()
                        .webhookUrl(url)
                        .environmentVariables(name -> null)
                        .build());

        assertThat(e).isNotNull();
        assertThat(e.setting()).isEqualTo("webhookUrl");
        assertThat(e.getMessage()).startsWith("webhookUrl ").contains("missing");
    }

    @Test
    void name() {
        assertRejected("name", b -> b.name(null));
        assertRejected("name", b -> b.name("  "));
    }

    @Test
    void queueSize() {
        assertRejected("queueSize", b -> b.queueSize(0));
        assertRejected("queueSize", b -> b.queueSize(-1));
        assertRejected("queueSize", b -> b.queueSize(Integer.MIN_VALUE));
        assertRejected("queueSize", b -> b.queueSize((1 << 20) + 1));
        assertRejected("queueSize", b -> b.queueSize(Integer.MAX_VALUE));
    }

    @Test
    void timeouts() {
        for (String setting : new String[] {"connectTimeout", "requestTimeout", "shutdownTimeout"}) {
            for (Duration bad : new Duration[] {Duration.ofSeconds(-1), Duration.ofNanos(-1), Duration.ZERO}) {
                assertRejected(setting, b -> set(b, setting, bad));
            }
        }
    }

    /** Null means "not set", as blank text does: an adapter forwards what it has, and the default stays. */
    @Test
    void aNullTimeoutKeepsTheDefault() {
        SenderSettings s = set(
                        set(set(valid(), "connectTimeout", null), "requestTimeout", null), "shutdownTimeout", null)
                .build();

        assertThat(s.transport().connectTimeout())
                .isEqualTo(Duration.ofMillis(TransportSettings.DEFAULT_CONNECT_TIMEOUT_MILLIS));
        assertThat(s.transport().requestTimeout())
                .isEqualTo(Duration.ofMillis(TransportSettings.DEFAULT_REQUEST_TIMEOUT_MILLIS));
        assertThat(s.delivery().shutdownTimeout())
                .isEqualTo(Duration.ofMillis(DeliverySettings.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS));
        assertThat(valid().connectTimeout(Duration.ofSeconds(2))
                        .connectTimeout((Duration) null)
                        .build()
                        .transport()
                        .connectTimeout())
                .as("null leaves a value set before as it was")
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void batchWindow() {
        assertRejected("batchWindow", b -> b.batchWindow(Duration.ofMillis(-1)));
        assertThat(valid().batchWindow(Duration.ZERO).build().delivery().batchWindow())
                .isZero();
        assertThat(valid().batchWindow((Duration) null).build().delivery().batchWindow())
                .as("null keeps the default")
                .isEqualTo(Duration.ofMillis(DeliverySettings.DEFAULT_BATCH_WINDOW_MILLIS));
    }

    @Test
    void maxRetries() {
        assertRejected("maxRetries", b -> b.maxRetries(-1));
        assertThat(valid().maxRetries(0).build().delivery().maxRetries()).isZero();
    }

    @Test
    void messagesPerSecond() {
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(0.0));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(-1.0));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(-0.0));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(Double.NaN));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(Double.POSITIVE_INFINITY));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(Double.NEGATIVE_INFINITY));
        // Slower than one an hour would let a slot's period overflow once halved nine times.
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(1.0 / 3601));
        assertThat(valid().messagesPerSecond(0.1).build().delivery().messagesPerSecond())
                .isEqualTo(0.1);
    }

    @Test
    void toStringHasNoSecrets() {
        SenderSettings s = valid().name("alerts")
                .applicationName("checkout")
                .environment("prod")
                .build();

        String shown = s.toString();

        assertThat(shown).doesNotContain(KEY).doesNotContain(TOKEN);
        assertThat(shown)
                .contains("name=alerts")
                .contains("applicationName=checkout")
                .contains("environment=prod")
                .contains("queueSize=1024")
                .contains("spaces/AAAA")
                .contains("key=***")
                .contains("token=***");
    }

    @Test
    void toStringHasNoSecretsInDecodedFormEither() {
        SenderSettings s = SenderSettings.builder()
                .webhookUrl("https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k%2Bsecret&token=t%3Dsecret")
                .build();

        assertThat(s.toString()).doesNotContain("secret");
    }

    private static SenderSettings.Builder set(SenderSettings.Builder b, String setting, Duration value) {
        switch (setting) {
            case "connectTimeout":
                return b.connectTimeout(value);
            case "requestTimeout":
                return b.requestTimeout(value);
            case "shutdownTimeout":
                return b.shutdownTimeout(value);
            default:
                throw new IllegalArgumentException(setting);
        }
    }

    @Test
    void durationsLongerThanAnHourAreRejectedBeforeTheyCanOverflow() {
        assertRejected("shutdownTimeout", b -> b.shutdownTimeout(Duration.ofHours(3_000_000)));
        assertRejected("batchWindow", b -> b.batchWindow(Duration.ofDays(2)));
        assertRejected("requestTimeout", b -> b.requestTimeout(Duration.ofMinutes(61)));
    }
}
