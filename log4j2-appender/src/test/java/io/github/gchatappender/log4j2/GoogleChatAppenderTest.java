package io.github.gchatappender.log4j2;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.testkit.ChatStub;
import io.github.gchatappender.testkit.FakeFleetStoreProvider;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is particular to Log4j2; the shared behaviour is in {@link Log4j2ContractTest}. */
class GoogleChatAppenderTest {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String FLEET_PASSWORD = "FAKE-fleet-password-log4j2";
    private static final String FLEET_STORE = "redis://:" + FLEET_PASSWORD + "@redis.internal:6379/0";

    final ChatStub chat = new ChatStub(server);
    Log4j2Configs.RecordedStatus status;
    LoggerContext context;

    @BeforeEach
    void recordStatus() {
        status = Log4j2Configs.RecordedStatus.register();
    }

    @AfterEach
    void stopContextAndCheckSecrets() {
        if (context != null) {
            context.stop();
        }
        status.unregister();
        assertThat(status.all()).doesNotContain(ChatStub.KEY).doesNotContain(ChatStub.TOKEN);
    }

    static long dispatcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gchat-appender-dispatcher-GoogleChat-"))
                .count();
    }

    @Test
    void log4j2sOwnDebugOutputOfThePluginsAttributesMasksTheUrl() {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());

        // The secret check after each test covers this line: Log4j2 prints every attribute at DEBUG.
        assertThat(status.lines)
                .anySatisfy(line -> assertThat(line).startsWith("DEBUG").contains("webhookUrl"));
    }

    @Test
    void aZeroShutdownTimeoutFromLog4j2StillFlushes() {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat-defaults.xml", chat.webhookUrl());
        GoogleChatAppender appender = Log4j2Configs.appender(context);

        context.getLogger("com.acme.A").error("held in its batch window");
        context.getLogger("com.acme.B").error("held too");
        // Log4j2's shutdown hook passes 0; the appender keeps its own shutdownTimeout.
        context.stop(0, TimeUnit.MILLISECONDS);

        assertThat(chat.requests()).hasSize(2);
        assertThat(appender.getDeliveryStats().getEventsDelivered()).isEqualTo(2);
    }

    /** A filter nested in {@code <GoogleChat>} works as in Log4j2's own appenders: before the appender sees the event. */
    @Test
    void aNestedThresholdFilterKeepsErrorsOut() {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat-fatal-only.xml", chat.webhookUrl());
        GoogleChatAppender appender = Log4j2Configs.appender(context);

        context.getLogger("com.acme.A").error("an error is filtered out");
        context.getLogger("com.acme.A").fatal("a fatal one goes");
        context.stop();

        assertThat(chat.requests())
                .singleElement()
                .satisfies(request -> assertThat(ChatStub.message(request)).isEqualTo("a fatal one goes"));
        assertThat(appender.getDeliveryStats().getEventsAccepted()).isEqualTo(1);
    }

    /** Filters and properties together: FATAL always, ERROR up to a burst of 3; the property is the appender's. */
    @Test
    void nestedFiltersAndPropertiesWorkAsInLog4j2sOwnAppenders() {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat-filters.xml", chat.webhookUrl());
        GoogleChatAppender appender = Log4j2Configs.appender(context);

        for (int i = 0; i < 10; i++) {
            context.getLogger("com.acme.A").error("error " + i);
        }
        context.getLogger("com.acme.B").fatal("fatal");
        context.stop();

        assertThat(appender.getDeliveryStats().getEventsAccepted()).isEqualTo(3 + 1);
        assertThat(appender.getPropertyArray())
                .extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("team=payments");
    }

    @Test
    void anUnsetEnvironmentVariableIsReportedAsSuch() {
        context = Log4j2Configs.start("log4j2-gchat-unset-env.xml", null);

        assertThat(Log4j2Configs.appender(context)).isNull();
        assertThat(status.all()).contains("attribute webhookUrl contains an unresolved variable");
    }

    @Test
    void aBadLevelIsNamedBeforeTheOtherAttributes() {
        context = Log4j2Configs.start("log4j2-gchat-bad-level.xml", null);

        assertThat(Log4j2Configs.appender(context)).isNull();
        assertThat(status.all()).contains("attribute level is not a Log4j2 level: 'NOPE'");
        assertThat(status.all()).doesNotContain("attribute webhookUrl");
    }

    @Test
    void aBadDurationNamesTheAttribute() {
        context = Log4j2Configs.start("log4j2-gchat-bad-duration.xml", chat.webhookUrl());

        assertThat(Log4j2Configs.appender(context)).isNull();
        assertThat(status.all()).contains("attribute shutdownTimeout is not a duration: 'soon'");
    }

    /** Without {@code gchat-appender-redis} (none on this module's class path): not created, and told what to add. */
    @Test
    void aFleetStoreWithoutItsModuleIsNamedWithTheModuleToAdd() {
        context = withFleetStore(() -> Log4j2Configs.start("log4j2-gchat-fleet-store.xml", chat.webhookUrl()));

        assertThat(Log4j2Configs.appender(context)).isNull();
        assertThat(status.all())
                .contains("GoogleChat appender 'GoogleChat' not created: attribute fleetStore is set to"
                        + " redis://****@redis.internal:6379/0 but no fleet store module is on the class path: add"
                        + " io.github.gchatappender:gchat-appender-redis, or leave fleetStore unset")
                .doesNotContain(FLEET_PASSWORD);
    }

    /** With its module, the store reaches the settings; Log4j2's DEBUG line of the attributes never shows its password. */
    @Test
    void withItsModuleTheFleetStoreReachesTheSettingsAndIsNeverEchoed() throws Exception {
        chat.answerOk();
        context = FakeFleetStoreProvider.visibleDuring(
                () -> withFleetStore(() -> Log4j2Configs.start("log4j2-gchat-fleet-store.xml", chat.webhookUrl())));
        GoogleChatAppender appender = Log4j2Configs.appender(context);

        assertThat(appender).as(status.all()).isNotNull();
        context.getLogger("com.acme.A").error("sent with a fleet store set");
        context.stop();

        assertThat(chat.requests()).hasSize(1);
        assertThat(status.lines)
                .anySatisfy(line -> assertThat(line).startsWith("DEBUG").contains("fleetStore"));
        assertThat(status.all()).doesNotContain(FLEET_PASSWORD);
    }

    private static <T> T withFleetStore(java.util.function.Supplier<T> start) {
        System.setProperty("gchat.fleetStore", FLEET_STORE);
        try {
            return start.get();
        } finally {
            System.clearProperty("gchat.fleetStore");
        }
    }

    @Test
    void theSenderSurvivesReconfigurationWithoutLeakingThreads() throws Exception {
        chat.answerOk();
        long threadsBefore = dispatcherThreads();
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());
        GoogleChatAppender first = Log4j2Configs.appender(context);
        context.getLogger("com.acme.A").error("before reconfiguration");
        await().until(() -> chat.requests().size() == 1);

        System.setProperty("gchat.webhookUrl", chat.webhookUrl());
        try {
            for (int i = 0; i < 5; i++) {
                context.reconfigure();
            }
        } finally {
            System.clearProperty("gchat.webhookUrl");
        }
        GoogleChatAppender reconfigured = Log4j2Configs.appender(context);
        assertThat(reconfigured).isNotSameAs(first);
        assertThat(dispatcherThreads()).isEqualTo(threadsBefore + 1);
        // The same sender carries on: its counts include the event sent before reconfiguration.
        assertThat(reconfigured.getDeliveryStats().getEventsDelivered()).isEqualTo(1);
        ObjectName name = new ObjectName("io.github.gchatappender:type=GoogleChatAppender,name=GoogleChat");
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name))
                .isTrue();

        context.getLogger("com.acme.A").error("after reconfiguration");
        context.stop();
        assertThat(chat.requests()).hasSize(2);
        await().until(() -> dispatcherThreads() == threadsBefore);
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name))
                .isFalse();
    }

    /**
     * Settings built and checked by code (the Spring Boot starter's) are used as they are, under the
     * appender's name; the attributes, which build settings of their own, are not read; the level stays
     * the appender's.
     */
    @Test
    void finishedSettingsAreUsedAsTheyAreUnderTheAppendersName() {
        chat.answerOk();
        SenderSettings settings = SenderSettings.builder()
                .name("unnamed")
                .webhookUrl(chat.webhookUrl())
                .applicationName("from-settings")
                .build();
        GoogleChatAppender appender = GoogleChatAppender.newBuilder()
                .setName("HandedOver")
                .setSettings(settings)
                .setApplicationName("from-an-attribute")
                .setQueueSize(0) // Would not build if the attributes were read.
                .setLevel("WARN")
                .build();

        assertThat(appender).as("%s", status.all()).isNotNull();
        appender.start();
        appender.append(event(Level.INFO, "below the level"));
        appender.append(event(Level.WARN, "handed over"));
        appender.stop(10, TimeUnit.SECONDS);

        assertThat(appender.getName()).isEqualTo("HandedOver");
        assertThat(chat.requests())
                .singleElement()
                .satisfies(request -> assertThat(ChatStub.message(request)).contains("handed over"));
        assertThat(ChatStub.text(chat.requests().get(0)))
                .contains("from-settings")
                .doesNotContain("from-an-attribute");
    }

    private static LogEvent event(Level level, String message) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName("com.acme.A")
                .setLevel(level)
                .setMessage(new SimpleMessage(message))
                .setTimeMillis(System.currentTimeMillis())
                .build();
    }
}
