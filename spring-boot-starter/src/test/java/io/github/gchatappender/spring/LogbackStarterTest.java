package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ConfigurationEvent;
import io.github.gchatappender.examples.LocalChatServer;
import io.github.gchatappender.logback.GoogleChatAppender;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The starter in Boot applications on Logback, Boot's default: each test runs a real
 * SpringApplication against the local stand-in for Google Chat, stops the logging system as Boot's
 * shutdown hook does, then checks what the stand-in received and what was printed.
 */
class LogbackStarterTest {

    private static final String KEY = "demo-key";
    private static final String TOKEN = "demo-token";
    private static final String FLEET_PASSWORD = "demo-fleet-password";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private LocalChatServer chat;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void startChat() throws IOException {
        chat = LocalChatServer.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 0);
        System.setOut(new PrintStream(new TeeStream(printed, originalOut), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopEverything() {
        if (context != null) {
            context.close();
        }
        stopLogging();
        System.setOut(originalOut);
        chat.close();
        assertThat(printed()).doesNotContain(KEY).doesNotContain(TOKEN);
    }

    /** What Boot's logging shutdown hook does at exit: the appender flushes. */
    private static void stopLogging() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    /** What a scan of a changed file does: reset the context, then configure it from the file. */
    private static void reconfigureAsScanDoes() throws JoranException {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        logback.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        configurator.doConfigure(LogbackStarterTest.class.getResource("/logback-console.xml"));
    }

    private ConfigurableApplicationContext run(String... properties) {
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private List<String> delivered() {
        return chat.threads().values().stream().flatMap(List::stream).collect(Collectors.toList());
    }

    @Test
    void withOnlyThePropertyErrorsAreDeliveredAndInfosAreNot() {
        context = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "spring.application.name=shop",
                "spring.profiles.active=staging");

        LoggerFactory.getLogger("com.acme.Orders").info("Order 41 placed");
        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed", new IllegalStateException("database down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);
        context.close();
        context = null;
        stopLogging();

        assertThat(delivered())
                .singleElement()
                .asString()
                .contains("Order 42 failed", "database down", "shop", "staging")
                .doesNotContain("Order 41");
    }

    /**
     * Boot 4 brings Jackson 3 ({@code tools.jackson}) for the application, and the appender renders with
     * Jackson 2 ({@code com.fasterxml.jackson}): different packages, side by side in one application.
     */
    @Test
    void theApplicationsJacksonAndTheAppendersLiveSideBySide() throws ClassNotFoundException {
        context = run("google.chat.webhook-url=" + chat.webhookUrl());
        String bootsMapper = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", null)
                ? "tools.jackson.databind.json.JsonMapper"
                : "com.fasterxml.jackson.databind.ObjectMapper";
        assertThat(context.getBeanNamesForType(Class.forName(bootsMapper)))
                .as("Boot's %s", bootsMapper)
                .isNotEmpty();

        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);
        System.out.println("The application's JSON mapper: " + bootsMapper + "; the appender's: "
                + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    }

    @Test
    void theMetersReadTheAppendersCountsThroughBootsMetrics() {
        context = run("google.chat.webhook-url=" + chat.webhookUrl());
        MeterRegistry registry = context.getBean(MeterRegistry.class);

        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(registry.get("gchat.events")
                            .tag("outcome", "delivered")
                            .tag("appender", "GOOGLE_CHAT")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("gchat.requests")
                            .tag("outcome", "sent")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
        });
        assertThat(registry.get("gchat.events")
                        .tag("outcome", "accepted")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("gchat.events")
                        .tag("outcome", "dropped")
                        .functionCounter()
                        .count())
                .isZero();
        assertThat(registry.get("gchat.events.pending").gauge().value()).isZero();
        assertThat(registry.get("gchat.requests")
                        .tag("outcome", "failed")
                        .functionCounter()
                        .count())
                .isZero();
    }

    /**
     * A function counter must never go down (push registries would report a negative step). A scan replaces
     * the starter's appender by a new one that counts from 0, and between the context's reset and the end
     * of its configuration there is none: the meters carry the counts over, and hold them meanwhile.
     */
    @Test
    void theMetersNeverGoDownWhenAReconfigurationReplacesTheAppender() throws Exception {
        context = run("google.chat.webhook-url=" + chat.webhookUrl(), "logging.config=classpath:logback-console.xml");
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> events(registry, "delivered") == 1);

        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        logback.reset();
        assertThat(events(registry, "delivered"))
                .as("while no appender is attached")
                .isEqualTo(1);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        configurator.doConfigure(LogbackStarterTest.class.getResource("/logback-console.xml"));
        assertThat(AttachedAppenders.current()).as("attached again").hasSize(1);
        assertThat(events(registry, "delivered"))
                .as("after the reconfiguration")
                .isEqualTo(1);
        assertThat(events(registry, "accepted")).isEqualTo(1);
        assertThat(registry.get("gchat.requests")
                        .tag("outcome", "sent")
                        .functionCounter()
                        .count())
                .isEqualTo(1);

        LoggerFactory.getLogger("com.acme.Orders").error("Order 43 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> events(registry, "delivered") == 2);
        assertThat(events(registry, "accepted")).isEqualTo(2);
        assertThat(registry.get("gchat.events.pending").gauge().value()).isZero();
    }

    private static double events(MeterRegistry registry, String outcome) {
        return registry.get("gchat.events")
                .tag("appender", LogbackAttachment.NAME)
                .tag("outcome", outcome)
                .functionCounter()
                .count();
    }

    /**
     * Actuator's {@code googleChat} indicator, read through whichever health API this Boot has (3's or
     * 4's, by reflection, so that the test runs on both): UP before anything was sent, REJECTED with
     * Google's reason while the webhook is rejected, never with the key or token.
     */
    @Test
    void theHealthIsUpUntilTheWebhookIsRejectedThenRejectedWithTheReason() throws Exception {
        context = run("google.chat.webhook-url=" + chat.webhookUrl().replace("/messages?", "/nowhere?"));
        Object indicator = context.getBean("googleChatHealthIndicator");
        assertThat(status(indicator)).isEqualTo("UP");

        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> "REJECTED".equals(status(indicator)));

        Map<?, ?> details = (Map<?, ?>) details(indicator).get("GOOGLE_CHAT");
        assertThat(details.get("status")).isEqualTo("REJECTED");
        assertThat(String.valueOf(details.get("reason")))
                .contains("404", "NOT_FOUND")
                .doesNotContain(KEY)
                .doesNotContain(TOKEN);
        assertThat(details.get("dropped")).isEqualTo(1L);
    }

    private static Object health(Object indicator) throws Exception {
        return indicator.getClass().getMethod("health").invoke(indicator);
    }

    private static String status(Object indicator) throws Exception {
        Object health = health(indicator);
        Object status = health.getClass().getMethod("getStatus").invoke(health);
        return (String) status.getClass().getMethod("getCode").invoke(status);
    }

    private static Map<?, ?> details(Object indicator) throws Exception {
        Object health = health(indicator);
        return (Map<?, ?>) health.getClass().getMethod("getDetails").invoke(health);
    }

    @Test
    void withoutAUrlNoAppenderIsAttachedOneWarningSaysSoAndTheApplicationStarts() {
        context = run("spring.application.name=shop");

        assertThat(AttachedAppenders.current()).isEmpty();
        assertThat(printed()).containsOnlyOnce("No Google Chat alerts: google.chat.webhook-url is not set");
    }

    @Test
    void withAnAppenderInTheXmlTheStarterAddsNoneAndSaysSo() {
        System.setProperty("GCHAT_TEST_URL", chat.webhookUrl());
        try {
            context = run(
                    "google.chat.webhook-url=" + chat.webhookUrl(), "logging.config=classpath:logback-with-chat.xml");

            assertThat(AttachedAppenders.current())
                    .extracting(AttachedAppender::name)
                    .containsExactly("XML_CHAT");
            assertThat(printed()).containsOnlyOnce("already has a Google Chat appender ('XML_CHAT')");
        } finally {
            System.clearProperty("GCHAT_TEST_URL");
        }
    }

    /**
     * A Google Chat appender behind Logback's {@code AsyncAppender} is attached to no logger itself. The
     * starter must find it all the same: attaching its own as well would post every error twice. Health
     * and meters read it.
     */
    @Test
    void anAppenderInTheXmlBehindAnAsyncAppenderIsFoundAndEachErrorIsPostedOnce() throws Exception {
        System.setProperty("GCHAT_TEST_URL", chat.webhookUrl());
        try {
            context = run(
                    "google.chat.webhook-url=" + chat.webhookUrl(), "logging.config=classpath:logback-async-chat.xml");
        } finally {
            System.clearProperty("GCHAT_TEST_URL");
        }
        assertThat(AttachedAppenders.current())
                .extracting(AttachedAppender::name)
                .containsExactly("XML_CHAT");
        assertThat(printed()).containsOnlyOnce("already has a Google Chat appender ('XML_CHAT')");

        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("gchat.events")
                                .tag("appender", "XML_CHAT")
                                .tag("outcome", "delivered")
                                .functionCounter()
                                .count()
                        == 1);
        List<Object> measured = List.copyOf(
                details(context.getBean("googleChatHealthIndicator")).keySet());
        assertThat(measured).containsExactly("XML_CHAT");
        stopLogging();
        assertThat(delivered()).singleElement().asString().contains("Order 42 failed");
        assertThat(chat.requests()).isEqualTo(1);
    }

    /** The same after a scan: a changed file that brings its own appender behind an AsyncAppender gets no second one. */
    @Test
    void aScanThatBringsAnAppenderBehindAnAsyncAppenderGetsNoSecondOne(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("logback-scan.xml");
        Files.writeString(file, consoleOnlyXml("scan=\"true\" scanPeriod=\"50 milliseconds\""));
        context = run("google.chat.webhook-url=" + chat.webhookUrl(), "logging.config=file:" + file);
        assertThat(AttachedAppenders.current())
                .extracting(AttachedAppender::name)
                .containsExactly(LogbackAttachment.NAME);

        System.setProperty("GCHAT_TEST_URL", chat.webhookUrl());
        try {
            CountDownLatch scanned = configurationEnded();
            Files.writeString(file, asyncChatXml("scan=\"true\" scanPeriod=\"50 milliseconds\""));
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            assertThat(scanned.await(10, TimeUnit.SECONDS)).as("scanned").isTrue();
        } finally {
            System.clearProperty("GCHAT_TEST_URL");
        }
        assertThat(AttachedAppenders.current())
                .extracting(AttachedAppender::name)
                .containsExactly("XML_CHAT");

        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        stopLogging();
        assertThat(delivered()).singleElement().asString().contains("Order 42 failed");
    }

    /**
     * Counted down when the next configuration of Boot's Logback context has ended, after the starter's own
     * listener for that event, which was registered before.
     */
    private static CountDownLatch configurationEnded() {
        CountDownLatch ended = new CountDownLatch(1);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).addConfigurationEventListener(event -> {
            if (event.getEventType() == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY) {
                ended.countDown();
            }
        });
        return ended;
    }

    private static String asyncChatXml(String attributes) throws IOException {
        try (var in = LogbackStarterTest.class.getResourceAsStream("/logback-async-chat.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("<configuration>", "<configuration " + attributes + ">");
        }
    }

    /**
     * {@code scan="true"} in the application's own logging file, which changes: Logback resets the
     * context, which stops and detaches the appender, then configures from the file. The starter
     * attaches a new appender, with the same properties.
     */
    @Test
    void aLogbackReconfigurationByScanKeepsTheAppender(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("logback-scan.xml");
        Files.writeString(file, consoleOnlyXml("scan=\"true\" scanPeriod=\"50 milliseconds\""));
        context = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "spring.application.name=shop",
                "logging.config=file:" + file);
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> attached = root.getAppender(LogbackAttachment.NAME);
        assertThat(attached).isNotNull();

        Files.writeString(file, consoleOnlyXml("scan=\"true\" scanPeriod=\"50 milliseconds\" debug=\"false\""));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Appender<ILoggingEvent> now = root.getAppender(LogbackAttachment.NAME);
            return now != null && now != attached && now.isStarted();
        });
        assertThat(attached.isStarted())
                .as("the appender of the configuration before")
                .isFalse();
        assertThat(AttachedAppenders.current()).hasSize(1);

        LoggerFactory.getLogger("com.acme.Payments")
                .error("Payment 7 failed", new IllegalArgumentException("card expired"));
        stopLogging();
        assertThat(delivered()).singleElement().asString().contains("Payment 7 failed", "shop");
    }

    private static String consoleOnlyXml(String attributes) throws IOException {
        try (var in = LogbackStarterTest.class.getResourceAsStream("/logback-console.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("<configuration>", "<configuration " + attributes + ">");
        }
    }

    /**
     * A second application in the same JVM, whose logging file Boot configures while it starts: the
     * appender it ends with is one, with the second application's settings, also after a reconfiguration.
     */
    @Test
    void aSecondApplicationInTheJvmIsFollowedWithItsOwnProperties() throws Exception {
        for (String name : new String[] {"first-app", "second-app"}) {
            if (context != null) {
                context.close();
            }
            context = run(
                    "google.chat.webhook-url=" + chat.webhookUrl(),
                    "spring.application.name=" + name,
                    "logging.config=classpath:logback-console.xml");
        }
        reconfigureAsScanDoes();

        assertThat(AttachedAppenders.current()).hasSize(1);
        LoggerFactory.getLogger("com.acme.Orders").error("Order 43 failed");
        stopLogging();
        assertThat(delivered())
                .singleElement()
                .asString()
                .contains("Order 43 failed", "second-app")
                .doesNotContain("first-app");
    }

    /**
     * A second application whose XML holds a Google Chat appender named as the starter names its own (the
     * README's {@code GOOGLE_CHAT}): it is the XML's, not one the starter attached for the first application.
     * The starter says so, and after a scan to a file without it attaches nothing, least of all with the first
     * application's properties.
     */
    @Test
    void anXmlAppenderNamedAsTheStartersIsNotTakenForTheFirstApplicationsOwn() throws Exception {
        context = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "spring.application.name=first-app",
                "logging.config=classpath:logback-console.xml");
        context.close();
        System.setProperty("GCHAT_TEST_URL", chat.webhookUrl());
        try {
            context = run(
                    "google.chat.webhook-url=" + chat.webhookUrl(),
                    "spring.application.name=second-app",
                    "logging.config=classpath:logback-readme-chat.xml");
        } finally {
            System.clearProperty("GCHAT_TEST_URL");
        }
        assertThat(printed()).containsOnlyOnce("already has a Google Chat appender ('GOOGLE_CHAT')");

        reconfigureAsScanDoes();
        LoggerFactory.getLogger("com.acme.Orders").error("Order 45 failed");
        stopLogging();
        assertThat(delivered()).as("nothing attached after the scan").isEmpty();
    }

    /** Attached to the loggers named, once each: a logger below another named one gets nothing twice. */
    @Test
    void onlyTheNamedLoggersAreSentAndEachEventOnce() {
        context = run("google.chat.webhook-url=" + chat.webhookUrl(), "google.chat.loggers=com.acme.billing,com.acme");
        AttachedAppender appender = AttachedAppenders.current().get(0);

        LoggerFactory.getLogger("com.acme.billing.Invoices").error("Invoice 9 failed");
        LoggerFactory.getLogger("org.other.Jobs").error("Job 3 failed");
        stopLogging();

        assertThat(delivered())
                .singleElement()
                .asString()
                .contains("Invoice 9 failed")
                .doesNotContain("×2");
        assertThat(appender.stats().getEventsAccepted()).isEqualTo(1);
        assertThat(appender.stats().getEventsDelivered()).isEqualTo(1);
    }

    /** A logger listed below ROOT whose additivity is off keeps its own attachment: its events reach nothing else. */
    @Test
    void aListedLoggerWithAdditivityOffIsAttachedToo() {
        context = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "google.chat.loggers=ROOT,com.acme.noisy,com.acme.noisy.Jobs",
                "logging.config=classpath:logback-not-additive.xml");
        AttachedAppender appender = AttachedAppenders.current().get(0);

        LoggerFactory.getLogger("com.acme.noisy.Jobs").error("Job 4 failed");
        stopLogging();

        assertThat(delivered()).singleElement().asString().contains("Job 4 failed");
        assertThat(appender.stats().getEventsAccepted()).isEqualTo(1);
    }

    /**
     * An application that starts while another still runs (a cached test context, a child context):
     * Boot keeps the logging system as it is, and the appender attached for the first one is kept and
     * still followed through reconfigurations, without a word about an appender "already there".
     */
    @Test
    void anApplicationStartedBesideARunningOneKeepsTheAppenderFollowed() throws Exception {
        context = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "spring.application.name=first-app",
                "logging.config=classpath:logback-console.xml");
        try (ConfigurableApplicationContext second = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "spring.application.name=second-app",
                "logging.config=classpath:logback-console.xml")) {
            assertThat(AttachedAppenders.current()).hasSize(1);
            assertThat(printed()).doesNotContain("already has a Google Chat appender");

            reconfigureAsScanDoes();
            assertThat(AttachedAppenders.current())
                    .as("attached again after the reconfiguration")
                    .hasSize(1);
        }
        LoggerFactory.getLogger("com.acme.Orders").error("Order 44 failed");
        stopLogging();
        assertThat(delivered()).singleElement().asString().contains("Order 44 failed", "first-app");
    }

    @Test
    void anEmptyListOfLoggersIsABadValue() {
        assertThatThrownBy(() -> run("google.chat.webhook-url=" + chat.webhookUrl(), "google.chat.loggers="))
                .isInstanceOf(StarterSettings.InvalidPropertyException.class);
        assertThat(printed()).contains("APPLICATION FAILED TO START", "google.chat.loggers names no logger");
    }

    @Test
    void aBadValueStopsTheApplicationWithAnAnalysisThatNamesTheProperty() {
        assertThatThrownBy(
                        () -> run("google.chat.webhook-url=" + chat.webhookUrl(), "google.chat.messages-per-second=0"))
                .isInstanceOf(StarterSettings.InvalidPropertyException.class);
        assertThat(printed())
                .contains(
                        "APPLICATION FAILED TO START",
                        "google.chat.messages-per-second",
                        "Fix google.chat.messages-per-second");
    }

    /** Logback has no FATAL: the appender would not start, and the application would run without alerts. */
    @Test
    void fatalIsABadLevelOnLogback() {
        assertThatThrownBy(() -> run("google.chat.webhook-url=" + chat.webhookUrl(), "google.chat.level=FATAL"))
                .isInstanceOf(StarterSettings.InvalidPropertyException.class);
        assertThat(printed())
                .contains(
                        "APPLICATION FAILED TO START",
                        "google.chat.level is not a Logback level: 'FATAL'",
                        "Fix google.chat.level");
    }

    /**
     * The starter hands its settings over as they are, never through Logback's whole-millisecond durations:
     * a duration under a millisecond arrives intact (cut to 0, a timeout would be refused and the appender
     * would not start), and the appender starts.
     */
    @Test
    void aDurationUnderAMillisecondArrivesIntactAndTheAppenderStarts() {
        context = run(
                "google.chat.webhook-url=" + chat.webhookUrl(),
                "google.chat.connect-timeout=500us",
                "google.chat.shutdown-timeout=1500us");

        assertThat(AttachedAppenders.current())
                .as("%s", printed())
                .extracting(AttachedAppender::name)
                .containsExactly(LogbackAttachment.NAME);
        assertThat(printed()).doesNotContain("the appender did not start");
        GoogleChatAppender appender = (GoogleChatAppender) ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender(LogbackAttachment.NAME);
        assertThat(appender.isStarted()).isTrue();
        assertThat(appender.getSettings().transport().connectTimeout()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(appender.getSettings().delivery().shutdownTimeout()).isEqualTo(Duration.ofNanos(1_500_000));
    }

    @Test
    void aBadDurationIsReportedByBootsOwnAnalysis() {
        assertThatThrownBy(() -> run("google.chat.webhook-url=" + chat.webhookUrl(), "google.chat.batch-window=soon"))
                .isNotNull();
        assertThat(printed()).contains("APPLICATION FAILED TO START", "google.chat.batch-window");
    }

    /** A rejected URL is named by its property only: neither key nor token shows (checked after each test). */
    @Test
    void aRejectedUrlIsNamedButNeverShown() {
        assertThatThrownBy(() -> run("google.chat.webhook-url=http://chat.example.com/v1/spaces/S/messages?key=" + KEY
                        + "&token=" + TOKEN))
                .isNotNull();
        assertThat(printed()).contains("APPLICATION FAILED TO START", "google.chat.webhook-url");
    }

    /**
     * The likely mistake with a fleet store: the property set, the module not added. The analysis names the
     * property and the module, and shows the URL masked.
     */
    @Test
    void aFleetStoreWithoutItsModuleStopsTheApplicationSayingWhatToAdd() {
        assertThatThrownBy(() -> run(
                        "google.chat.webhook-url=" + chat.webhookUrl(),
                        "google.chat.fleet-store=redis://:" + FLEET_PASSWORD + "@redis.internal:6379"))
                .isInstanceOf(StarterSettings.InvalidPropertyException.class);
        assertThat(printed())
                .contains(
                        "APPLICATION FAILED TO START",
                        "The Google Chat appender's property google.chat.fleet-store is set to"
                                + " redis://****@redis.internal:6379 but no fleet store module is on the class path:"
                                + " add io.github.gchatappender:gchat-appender-redis, or leave fleetStore unset.",
                        "Fix google.chat.fleet-store")
                .doesNotContain(FLEET_PASSWORD);
    }

    @Test
    void aFleetStoreThatIsNoRedisUrlIsShownMasked() {
        assertThatThrownBy(() -> run(
                        "google.chat.webhook-url=" + chat.webhookUrl(),
                        "google.chat.fleet-store=https://user:" + FLEET_PASSWORD + "@redis.internal:6379"))
                .isInstanceOf(StarterSettings.InvalidPropertyException.class);
        assertThat(printed())
                .contains(
                        "APPLICATION FAILED TO START",
                        "google.chat.fleet-store is set to https://****@redis.internal:6379, which is no fleet"
                                + " store's URL: use redis:// or rediss://")
                .doesNotContain(FLEET_PASSWORD);
    }

    /** The alert users want most: an application that fails to start, in a JVM of its own that then exits. */
    @Test
    void aStartupFailureIsDeliveredBeforeTheJvmExits() throws Exception {
        FailedStartup.assertDelivered(chat, KEY, TOKEN);
    }

    /** Copies what is printed to the console as it goes, so that a failing test still shows it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
