package io.github.gchatappender.logback;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.testkit.ChatStub;
import io.github.gchatappender.testkit.FakeFleetStoreProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is particular to Logback; the shared behaviour is in {@link LogbackContractTest}. */
class GoogleChatAppenderTest {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String FLEET_PASSWORD = "FAKE-fleet-password-logback";
    private static final String FLEET_STORE = "redis://:" + FLEET_PASSWORD + "@redis.internal:6379/0";

    final ChatStub chat = new ChatStub(server);
    LoggerContext context;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    /**
     * Logback prints its status only after a configuration with problems: without a listener, a
     * webhook that answers 403 while the application runs would fail in silence.
     */
    @Test
    void withoutAStatusListenerAFailureOfTheAlertChannelGoesToStderrMasked() {
        chat.answerError(403, "PERMISSION_DENIED");
        String printed = stderrDuring(() -> {
            context = LogbackConfigs.configure("logback-gchat.xml", chat.webhookUrl());
            context.getLogger("com.acme.A").error("lost in silence before");
            context.stop();
        });

        assertThat(printed)
                .contains("gchat-appender ERROR [GOOGLE_CHAT] Google Chat rejected a message with HTTP 403")
                .doesNotContain(ChatStub.KEY)
                .doesNotContain(ChatStub.TOKEN);
    }

    @Test
    void withAStatusListenerTheFailureGoesToLogbacksChannelOnly() {
        chat.answerError(403, "PERMISSION_DENIED");
        List<Status> heard = new CopyOnWriteArrayList<>();
        String printed = stderrDuring(() -> {
            context = LogbackConfigs.configure("logback-gchat.xml", chat.webhookUrl(), heard::add);
            context.getLogger("com.acme.A").error("heard by the listener");
            context.stop();
        });

        assertThat(printed).doesNotContain("gchat-appender");
        assertThat(heard)
                .anySatisfy(status -> assertThat(status.getMessage()).contains("rejected a message with HTTP 403"));
    }

    private static String stderrDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainHttpToARemoteHostIsRefusedWithoutPrintingTheSecrets() {
        context = LogbackConfigs.configure("logback-gchat-plain-http.xml", null);

        assertThat(LogbackConfigs.appender(context).isStarted()).isFalse();
        assertThat(LogbackConfigs.statusText(context))
                .contains("<webhookUrl> uses plain http")
                .doesNotContain("plain-key")
                .doesNotContain("plain-token");
    }

    @Test
    void anUnknownLevelIsReportedWithTheSettingsName() {
        context = LogbackConfigs.configure("logback-gchat-bad-level.xml", chat.webhookUrl());

        assertThat(LogbackConfigs.appender(context).isStarted()).isFalse();
        assertThat(LogbackConfigs.statusText(context)).contains("<level> is not a Logback level: 'LOUD'");
    }

    @Test
    void anExplicitWebhookUrlElementWorksAndTheAppenderNeverEchoesIt() {
        chat.answerOk();
        // The URL only as a context property, so that only ${gchat.webhookUrl} can supply it.
        context = LogbackConfigs.configureWithContextProperty(
                "logback-gchat-explicit-url.xml", "gchat.webhookUrl", chat.webhookUrl());

        context.getLogger("com.acme.A").error("configured with <webhookUrl>");
        context.stop();

        assertThat(chat.requests()).hasSize(1);
        assertThat(chat.requests().get(0).queryParameter("token").firstValue()).isEqualTo(ChatStub.TOKEN);
        assertThat(LogbackConfigs.appenderStatusText(context))
                .doesNotContain(ChatStub.KEY)
                .doesNotContain(ChatStub.TOKEN);
        // Logback's own configurator (1.5 on) echoes substituted values into the status, the URL with them:
        // why the README recommends leaving <webhookUrl> out. That is Logback's line, not the appender's.
    }

    /**
     * Without {@code <webhookUrl>}, the context property GOOGLE_CHAT_WEBHOOK_URL (as Spring Boot's
     * {@code <springProperty scope="context">} sets it) is read directly: nothing is substituted, so
     * Logback's status never holds the URL.
     */
    @Test
    void withoutAWebhookUrlElementTheContextPropertyIsReadAndNeverEchoed() {
        chat.answerOk();
        context = LogbackConfigs.configureWithContextProperty(
                "logback-gchat-defaults.xml", "GOOGLE_CHAT_WEBHOOK_URL", chat.webhookUrl());

        context.getLogger("com.acme.A").error("configured by a context property");
        context.stop();

        assertThat(chat.requests()).hasSize(1);
        assertThat(LogbackConfigs.statusText(context))
                .doesNotContain(ChatStub.KEY)
                .doesNotContain(ChatStub.TOKEN);
    }

    /**
     * The fleet store as the README recommends passing it, a context property that {@code <springProperty>}
     * sets: without {@code gchat-appender-redis} (none on this module's class path), the appender stays
     * stopped, and its warning names the setting and the module, never the password.
     */
    @Test
    void aFleetStoreWithoutItsModuleKeepsTheAppenderStoppedAndSaysWhatToAdd() {
        context = LogbackConfigs.configureWithContextProperties(
                "logback-gchat-defaults.xml",
                Map.of("GOOGLE_CHAT_WEBHOOK_URL", chat.webhookUrl(), "GOOGLE_CHAT_FLEET_STORE", FLEET_STORE));

        assertThat(LogbackConfigs.appender(context).isStarted()).isFalse();
        assertThat(LogbackConfigs.statusText(context))
                .contains("Google Chat appender 'GOOGLE_CHAT' not started: <fleetStore> is set to"
                        + " redis://****@redis.internal:6379/0 but no fleet store module is on the class path: add"
                        + " io.github.gchatappender:gchat-appender-redis, or leave fleetStore unset")
                .doesNotContain(FLEET_PASSWORD)
                .doesNotContain(ChatStub.KEY)
                .doesNotContain(ChatStub.TOKEN);
    }

    @Test
    void withItsModuleTheFleetStoreReachesTheSettingsAndIsNeverEchoed() throws Exception {
        context = FakeFleetStoreProvider.visibleDuring(() -> LogbackConfigs.configureWithContextProperties(
                "logback-gchat-defaults.xml",
                Map.of("GOOGLE_CHAT_WEBHOOK_URL", chat.webhookUrl(), "GOOGLE_CHAT_FLEET_STORE", FLEET_STORE)));
        GoogleChatAppender appender = LogbackConfigs.appender(context);

        assertThat(appender.isStarted())
                .as("%s", LogbackConfigs.statusText(context))
                .isTrue();
        assertThat(appender.getSettings().transport().fleetStore().uri()).hasToString(FLEET_STORE);
        assertThat(appender.getSettings().toString())
                .contains("fleetStore=redis://****@redis.internal:6379/0")
                .doesNotContain(FLEET_PASSWORD);
        context.stop();
        assertThat(LogbackConfigs.statusText(context)).doesNotContain(FLEET_PASSWORD);
    }

    @Test
    void theCountsAreAnMBeanWhileTheAppenderRuns() throws Exception {
        chat.answerOk();
        context = LogbackConfigs.configure("logback-gchat.xml", chat.webhookUrl());
        context.getLogger("com.acme.A").error("counted");

        ObjectName name = new ObjectName("io.github.gchatappender:type=GoogleChatAppender,name=GOOGLE_CHAT");
        await().until(() -> Long.valueOf(1)
                .equals(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "EventsDelivered")));
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "EventsAccepted"))
                .isEqualTo(1L);
        context.stop();
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name))
                .isFalse();
    }

    @Test
    void anArgumentWhoseToStringThrowsNeverReachesTheCaller() {
        chat.answerOk();
        context = LogbackConfigs.configure("logback-gchat.xml", chat.webhookUrl());
        GoogleChatAppender appender = LogbackConfigs.appender(context);
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString() fails");
            }
        };

        assertThatCode(() -> context.getLogger("com.acme.A").error("value: {}", hostile))
                .doesNotThrowAnyException();
        context.stop();

        assertThat(appender.getDeliveryStats().getEventsAccepted()).isEqualTo(1);
        assertThat(appender.getDeliveryStats().getEventsDelivered()).isEqualTo(1);
        assertThat(ChatStub.message(chat.requests().get(0))).startsWith("value: ");
    }

    /**
     * Settings built and checked by code (the Spring Boot starter's) are used as they are, under the
     * appender's name, sub-millisecond durations included; the setters, which build settings of their
     * own, are not read; the level stays the appender's.
     */
    @Test
    void finishedSettingsAreUsedAsTheyAreUnderTheAppendersName() {
        chat.answerOk();
        context = new LoggerContext();
        context.start();
        SenderSettings settings = SenderSettings.builder()
                .name("unnamed")
                .webhookUrl(chat.webhookUrl())
                .applicationName("from-settings")
                .batchWindow(Duration.ofNanos(500_000))
                .build();
        GoogleChatAppender appender = new GoogleChatAppender(settings);
        appender.setContext(context);
        appender.setName("HANDED_OVER");
        appender.setApplicationName("from-a-setter");
        appender.setQueueSize(0); // Would not start if the setters were read.
        appender.setLevel("WARN");
        appender.start();
        context.getLogger("ROOT").addAppender(appender);

        assertThat(appender.isStarted())
                .as("%s", LogbackConfigs.statusText(context))
                .isTrue();
        assertThat(appender.getSettings().name()).isEqualTo("HANDED_OVER");
        assertThat(appender.getSettings().delivery().batchWindow()).isEqualTo(Duration.ofNanos(500_000));
        context.getLogger("com.acme.A").info("below the level");
        context.getLogger("com.acme.A").warn("handed over");
        context.stop();

        assertThat(chat.requests())
                .singleElement()
                .satisfies(request -> assertThat(ChatStub.message(request)).contains("handed over"));
        assertThat(ChatStub.text(chat.requests().get(0)))
                .contains("from-settings")
                .doesNotContain("from-a-setter");
    }
}
