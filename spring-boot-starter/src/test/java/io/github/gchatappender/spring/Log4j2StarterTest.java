package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.gchatappender.examples.LocalChatServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.HttpAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in Boot applications on Log4j2 ({@code spring-boot-starter-log4j2}'s class path: no
 * Logback, Log4j2's SLF4J binding), in a Surefire run of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Log4j2StarterTest {

    private LocalChatServer chat;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void startChat() throws IOException {
        chat = LocalChatServer.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 0);
    }

    @AfterEach
    void stopEverything() {
        if (context != null) {
            context.close();
        }
        chat.close();
    }

    private List<String> delivered() {
        return chat.threads().values().stream().flatMap(List::stream).collect(Collectors.toList());
    }

    @Test
    void withOnlyThePropertyErrorsAreDeliveredAndInfosAreNotAndBootsReinitialisationKeepsTheAppender() {
        context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("google.chat.webhook-url=" + chat.webhookUrl(), "spring.application.name=shop")
                .run();
        assertThat(LoggingSystem.get(getClass().getClassLoader()).getClass().getSimpleName())
                .isEqualTo("Log4J2LoggingSystem");
        assertThat(AttachedAppenders.current())
                .extracting(AttachedAppender::name)
                .containsExactly(Log4j2Attachment.NAME);

        LoggerFactory.getLogger("com.acme.Orders").info("Order 41 placed");
        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed", new IllegalStateException("database down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);

        // A reconfiguration makes a new configuration: the appender follows it, and the old one is stopped.
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.reconfigure();
        assertThat(AttachedAppenders.current()).hasSize(1);
        LoggerFactory.getLogger("com.acme.Payments")
                .error("Payment 7 failed", new IllegalArgumentException("card expired"));
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 2);

        assertThat(String.join("\n", delivered()))
                .contains("Order 42 failed", "database down", "shop", "Payment 7 failed")
                .doesNotContain("Order 41");
    }

    /** A second application in the same JVM: after a reconfiguration, one appender, with the second's settings. */
    @Test
    void aSecondApplicationInTheJvmIsFollowedWithItsOwnProperties() {
        for (String name : new String[] {"first-app", "second-app"}) {
            if (context != null) {
                context.close();
            }
            context = new SpringApplicationBuilder(TestApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("google.chat.webhook-url=" + chat.webhookUrl(), "spring.application.name=" + name)
                    .run();
        }
        ((LoggerContext) LogManager.getContext(false)).reconfigure();

        assertThat(AttachedAppenders.current()).hasSize(1);
        LoggerFactory.getLogger("com.acme.Orders").error("Order 43 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);
        assertThat(String.join("\n", delivered())).contains("second-app").doesNotContain("first-app");
    }

    /** Attached to the loggers named, once each: a logger below another named one gets nothing twice. */
    @Test
    void onlyTheNamedLoggersAreSentAndEachEventOnce() {
        context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "google.chat.webhook-url=" + chat.webhookUrl(), "google.chat.loggers=com.acme.billing,com.acme")
                .run();
        AttachedAppender appender = AttachedAppenders.current().get(0);

        LoggerFactory.getLogger("com.acme.billing.Invoices").error("Invoice 9 failed");
        LoggerFactory.getLogger("org.other.Jobs").error("Job 3 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);

        assertThat(appender.stats().getEventsAccepted()).isEqualTo(1);
        assertThat(delivered())
                .singleElement()
                .asString()
                .contains("Invoice 9 failed")
                .doesNotContain("×2");
    }

    /**
     * An appender of another kind named {@code GoogleChat} (Log4j2's own {@code <Http>}, left from before the
     * starter): the starter's gets a name of its own instead of being dropped by the configuration. Actuator's
     * Log4j2Metrics and a level set as {@code POST /actuator/loggers} does both call updateLoggers, which
     * must not attach again, nor recurse.
     */
    @Test
    @Order(Integer.MAX_VALUE) // Last: on Boot 4 the next application of the JVM may still find its GoogleChat.
    void anAppenderOfAnotherKindNamedGoogleChatLeavesTheStartersAttachedUnderANameOfItsOwn() {
        context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "google.chat.webhook-url=" + chat.webhookUrl(),
                        "logging.config=classpath:log4j2-http-named-googlechat.xml")
                .run();
        assertThat(context.getBeanNamesForType(MeterRegistry.class))
                .as("Actuator's metrics, whose Log4j2Metrics calls updateLoggers")
                .isNotEmpty();
        Configuration configuration = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
        assertThat(configuration.getAppenders().get("GoogleChat")).isInstanceOf(HttpAppender.class);
        assertThat(AttachedAppenders.current())
                .extracting(AttachedAppender::name)
                .containsExactly("GoogleChat-starter");

        LoggingSystem.get(getClass().getClassLoader()).setLogLevel("com.acme", LogLevel.DEBUG);
        assertThat(AttachedAppenders.current()).hasSize(1);
        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.requests() == 1);
        assertThat(delivered()).singleElement().asString().contains("Order 42 failed");
    }

    @Test
    void aStartupFailureIsDeliveredBeforeTheJvmExits() throws Exception {
        FailedStartup.assertDelivered(chat, "demo-key", "demo-token");
    }
}
