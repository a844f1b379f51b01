package io.github.gchatappender.examples.spring.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.examples.LocalChatServer;
import io.github.gchatappender.examples.ReadmeBlocks;
import io.github.gchatappender.log4j2.GoogleChatAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The README's {@code log4j2-spring.xml}, exactly as written, in a minimal Spring Boot application on
 * spring-boot-starter-log4j2: {@code ${spring:google.chat.webhook-url}} hands the Spring property to
 * {@code <GoogleChat>}, one ERROR reaches the local stand-in, and no status line holds the token.
 */
class ReadmeSpringLog4j2SnippetTest {

    @TempDir
    Path temp;

    /** Nothing but what Spring Boot needs to start; the logging system is what is under test. */
    @Configuration(proxyBeanMethods = false)
    static class MinimalApplication {}

    @Test
    void theReadmeLog4j2SpringXmlDeliversToTheSpaceOfTheSpringProperty() throws Exception {
        Path config = Files.writeString(temp.resolve("log4j2-spring.xml"), readmeLog4j2SpringXml());
        String message = "Order 42 could not be reserved, README log4j2-spring.xml";
        List<String> status = new CopyOnWriteArrayList<>();
        StatusListener listener = new StatusListener() {
            @Override
            public void log(StatusData data) {
                status.add(data.getFormattedStatus());
            }

            @Override
            public Level getStatusLevel() {
                return Level.DEBUG;
            }

            @Override
            public void close() {}
        };
        StatusLogger.getLogger().registerListener(listener);
        try (LocalChatServer chat =
                LocalChatServer.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            SpringApplication application = new SpringApplication(MinimalApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setDefaultProperties(
                    Map.of("logging.config", "file:" + config, "spring.main.banner-mode", "off"));
            GoogleChatAppender appender;
            try (ConfigurableApplicationContext context =
                    application.run("--google.chat.webhook-url=" + chat.webhookUrl())) {
                LoggerContext log4j2 = (LoggerContext) LogManager.getContext(false);
                appender = log4j2.getConfiguration().getAppender("GoogleChat");
                assertThat(appender)
                        .as("<GoogleChat> created from the README's log4j2-spring.xml")
                        .isNotNull();
                assertThat(appender.isStarted()).isTrue();
                LogManager.getLogger("com.acme.shop.OrderService")
                        .error(message, new IllegalStateException("inventory lock wait exceeded"));
            } finally {
                // Spring Boot stops Log4j2 only in its JVM shutdown hook; stopping here flushes the appender now.
                ((LoggerContext) LogManager.getContext(false)).stop();
                StatusLogger.getLogger().removeListener(listener);
            }

            List<String> received =
                    chat.threads().values().stream().flatMap(Collection::stream).collect(Collectors.toList());
            assertThat(received).as("messages the local Google Chat received").hasSize(1);
            assertThat(received.get(0)).contains(message, "IllegalStateException");
            assertThat(status).as("Log4j2's status lines").noneMatch(line -> line.contains("demo-token"));
        }
    }

    /** The README's one {@code ```xml} block with {@code ${spring:}. */
    private static String readmeLog4j2SpringXml() {
        return ReadmeBlocks.onlyBlock("xml", "${spring:").text();
    }
}
