package io.github.gchatappender.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.gchatappender.examples.LocalChatServer;
import io.github.gchatappender.examples.ReadmeBlocks;
import io.github.gchatappender.logback.GoogleChatAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The README's {@code logback-spring.xml}, exactly as written, in a minimal Spring Boot application:
 * {@code <springProperty>} hands the Spring property {@code google.chat.webhook-url} to the appender,
 * and one ERROR reaches the local stand-in for Google Chat. The other README blocks are run by
 * {@code ReadmeSnippetsTest} in the examples module.
 */
class ReadmeSpringSnippetTest {

    private static final String WEBHOOK_VARIABLE = "GOOGLE_CHAT_WEBHOOK_URL";

    @TempDir
    Path temp;

    /** Nothing but what Spring Boot needs to start; the logging system is what is under test. */
    @Configuration(proxyBeanMethods = false)
    static class MinimalApplication {}

    @Test
    void theReadmeLogbackSpringXmlDeliversToTheSpaceOfTheSpringProperty() throws Exception {
        forgetLogbacksStartupStatus();
        Path config = Files.writeString(temp.resolve("logback-spring.xml"), readmeLogbackSpringXml());
        String message = "Order 42 could not be reserved, README logback-spring.xml";
        try (LocalChatServer chat = LocalChatServer.start(quietConsole())) {
            SpringApplication application = new SpringApplication(MinimalApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setDefaultProperties(
                    Map.of("logging.config", "file:" + config, "spring.main.banner-mode", "off"));
            List<Status> statuses;
            String applicationName;
            GoogleChatAppender appender;
            // The URL as a command-line argument, which outranks every other property source.
            try (ConfigurableApplicationContext context =
                    application.run("--google.chat.webhook-url=" + chat.webhookUrl())) {
                LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
                // Read now: closing the application clears Logback's status manager.
                statuses = logback.getStatusManager().getCopyOfStatusList();
                applicationName = context.getEnvironment().getProperty("spring.application.name", "app");
                appender = (GoogleChatAppender)
                        logback.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("GOOGLE_CHAT");
                assertThat(appender)
                        .as("appender GOOGLE_CHAT on the root logger")
                        .isNotNull();
                assertThat(appender.isStarted()).as("GOOGLE_CHAT started").isTrue();

                LoggerFactory.getLogger("com.acme.shop.OrderService")
                        .error(message, new IllegalStateException("inventory lock wait exceeded"));
            } finally {
                // Spring Boot stops Logback only in its JVM shutdown hook; stopping here flushes the appender now.
                ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            }

            assertThat(statuses.stream()
                            .filter(status -> status.getLevel() >= Status.WARN)
                            .map(Object::toString))
                    .as("Logback's WARN and ERROR statuses for the README's logback-spring.xml")
                    .isEmpty();
            List<String> received =
                    chat.threads().values().stream().flatMap(Collection::stream).collect(Collectors.toList());
            assertThat(received)
                    .as("messages the local Google Chat received (%s)", appender.getDeliveryStats())
                    .hasSize(1);
            assertThat(received.get(0)).contains(message, "IllegalStateException", applicationName);
            assertThat(appender.getDeliveryStats().getEventsDelivered()).isEqualTo(1);

            // Logback writes every substituted value into its status messages ("value "…" substituted for "${…}""),
            // so a URL written as ${…} in logback.xml would put its token there, where any configuration warning
            // prints it. The README's configuration hands the URL over as a context property instead.
            assertThat(statuses.stream().map(Object::toString))
                    .as("Logback's status messages for the README's logback-spring.xml")
                    .noneMatch(status -> status.contains("demo-token"));
        }
    }

    /**
     * The README says that, with {@code google.chat.webhook-url} unset, the appender reads the system
     * property (or environment variable) {@code GOOGLE_CHAT_WEBHOOK_URL} itself. Here the Spring property
     * is unset and the URL is in the system property.
     */
    @Test
    void withoutTheSpringPropertyTheAppenderReadsTheVariableItself() throws Exception {
        forgetLogbacksStartupStatus();
        Path config = Files.writeString(temp.resolve("logback-spring.xml"), readmeLogbackSpringXml());
        String message = "Order 43 could not be reserved, README logback-spring.xml without the property";
        try (LocalChatServer chat = LocalChatServer.start(quietConsole())) {
            System.setProperty(WEBHOOK_VARIABLE, chat.webhookUrl());
            SpringApplication application = new SpringApplication(MinimalApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setDefaultProperties(
                    Map.of("logging.config", "file:" + config, "spring.main.banner-mode", "off"));
            try (ConfigurableApplicationContext context = application.run()) {
                assertThat(context.getEnvironment().getProperty("google.chat.webhook-url", ""))
                        .isEmpty();
                LoggerFactory.getLogger("com.acme.shop.OrderService")
                        .error(message, new IllegalStateException("inventory lock wait exceeded"));
            } finally {
                ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
                System.clearProperty(WEBHOOK_VARIABLE);
            }
            List<String> received =
                    chat.threads().values().stream().flatMap(Collection::stream).collect(Collectors.toList());
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).contains(message);
        }
    }

    /**
     * Starts SLF4J (and so Logback) if nothing has yet, and clears the status of Logback's own start-up
     * and of earlier tests in this JVM: only the README's configuration is under test.
     */
    private static void forgetLogbacksStartupStatus() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getStatusManager().clear();
    }

    /** The README's one {@code ```xml} block with {@code <springProperty>}. */
    static String readmeLogbackSpringXml() {
        return ReadmeBlocks.onlyBlock("xml", "springProperty").text();
    }

    private static PrintStream quietConsole() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
