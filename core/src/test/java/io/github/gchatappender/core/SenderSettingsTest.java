package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SenderSettingsTest {

    private static final String KEY = "FAKE-KEY-settings-0123456789";
    private static final String TOKEN = "FAKE-TOKEN-settings-abcdefghij";
    private static final String URL =
            "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN;

    private static SenderSettings.Builder valid() {
        return SenderSettings.builder().webhookUrl(URL);
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

        assertThat(s.webhookUrl().threadedUri().toString()).startsWith(URL + "&messageReplyOption=");
    }

    /** {@code <webhookUrl>${VAR:-}</webhookUrl>} and an empty system property both give a blank value. */
    @Test
    void aBlankWebhookUrlOrSystemPropertyCountsAsNotSet() {
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", " ");
        try {
            SenderSettings s = SenderSettings.builder()
                    .webhookUrl("")
                    .environmentVariables(name -> URL)
                    .build();
            assertThat(s.webhookUrl().space()).isEqualTo("spaces/AAAA");
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentVariable() {
        String fromProperty = URL.replace("AAAA", "PROP");
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", fromProperty);
        try {
            SenderSettings s =
                    SenderSettings.builder().environmentVariables(name -> URL).build();
            assertThat(s.webhookUrl().space()).isEqualTo("spaces/PROP");
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
                    SenderSettings.builder().environmentVariables(name -> URL.replace("AAAA", "ENV"));
            assertThat(builder.frameworkProperties(
                                    name -> name.equals("GOOGLE_CHAT_WEBHOOK_URL") ? URL.replace("AAAA", "CTX") : null)
                            .build()
                            .webhookUrl()
                            .space())
                    .isEqualTo("spaces/CTX");
            assertThat(builder.frameworkProperties(name -> " ")
                            .build()
                            .webhookUrl()
                            .space())
                    .as("a blank framework property counts as unset")
                    .isEqualTo("spaces/PROP");
            assertThat(builder.webhookUrl(URL).build().webhookUrl().space())
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
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.batchWindow()).isZero();
        assertThat(valid().connectTimeout("  ").build().connectTimeout())
                .as("blank keeps the default")
                .isEqualTo(SenderSettings.DEFAULT_CONNECT_TIMEOUT);

        assertRejected("shutdownTimeout", b -> b.shutdownTimeout("soon"));
        assertThat(valid().batchWindow("soon")
                        .batchWindow(Duration.ofSeconds(1))
                        .build()
                        .batchWindow())
                .as("a later value replaces the bad one")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anExplicitWebhookUrlWinsOverTheEnvironment() {
        SenderSettings s =
                valid().environmentVariables(name -> URL.replace("AAAA", "ENV")).build();

        assertThat(s.webhookUrl().space()).isEqualTo("spaces/AAAA");
    }

    @Test
    void maxBackoffShorterThanInitialBackoffIsRejected() {
        assertRejected(
                "maxBackoff", b -> b.initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)));
    }

    @Test
    void defaults() {
        SenderSettings s = valid().build();

        assertThat(s.name()).isEqualTo("GoogleChat");
        assertThat(s.queueSize()).isEqualTo(1024);
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.messagesPerSecond()).isEqualTo(1.0);
        assertThat(s.batchWindow()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(32));
        assertThat(s.applicationName()).isNull();
        assertThat(s.environment()).isNull();
        assertThat(s.webhookUrl().space()).isEqualTo("spaces/AAAA");
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
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMinutes(1))
                .build();

        assertThat(s.name()).isEqualTo("alerts");
        assertThat(s.applicationName()).isEqualTo("checkout");
        assertThat(s.environment()).isEqualTo("prod");
        assertThat(s.queueSize()).isEqualTo(1);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.batchWindow()).isZero();
        assertThat(s.maxRetries()).isZero();
        assertThat(s.messagesPerSecond()).isEqualTo(0.25);
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void blankApplicationAndEnvironmentBecomeNull() {
        SenderSettings s = valid().applicationName("   ").environment("").build();

        assertThat(s.applicationName()).isNull();
        assertThat(s.environment()).isNull();
    }

    @Test
    void missingOrInvalidWebhookUrl() {
        assertRejected("webhookUrl", b -> b.webhookUrl(null).environmentVariables(name -> null));
        assertRejected(
                "webhookUrl",
                b -> b.webhookUrl("http://chat.googleapis.com/v1/spaces/A/messages?key=k&token=" + TOKEN));
        assertRejected("webhookUrl", b -> b.webhookUrl(URL + " " + "x"));
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
        for (String setting :
                new String[] {"connectTimeout", "requestTimeout", "shutdownTimeout", "initialBackoff", "maxBackoff"}) {
            for (Duration bad : new Duration[] {Duration.ofSeconds(-1), Duration.ofNanos(-1), Duration.ZERO, null}) {
                assertRejected(setting, b -> set(b, setting, bad));
            }
        }
    }

    @Test
    void batchWindow() {
        assertRejected("batchWindow", b -> b.batchWindow(Duration.ofMillis(-1)));
        assertRejected("batchWindow", b -> b.batchWindow((Duration) null));
        assertThat(valid().batchWindow(Duration.ZERO).build().batchWindow()).isZero();
    }

    @Test
    void maxRetries() {
        assertRejected("maxRetries", b -> b.maxRetries(-1));
        assertThat(valid().maxRetries(0).build().maxRetries()).isZero();
    }

    @Test
    void messagesPerSecond() {
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(0.0));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(-1));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(-0.0));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(Double.NaN));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(Double.POSITIVE_INFINITY));
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(Double.NEGATIVE_INFINITY));
        // Slower than one an hour would let a slot's period overflow once halved nine times.
        assertRejected("messagesPerSecond", b -> b.messagesPerSecond(1.0 / 3601));
        assertThat(valid().messagesPerSecond(0.1).build().messagesPerSecond()).isEqualTo(0.1);
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
            case "initialBackoff":
                return b.initialBackoff(value);
            case "maxBackoff":
                return b.maxBackoff(value);
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
