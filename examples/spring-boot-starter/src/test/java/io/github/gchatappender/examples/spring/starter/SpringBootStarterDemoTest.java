package io.github.gchatappender.examples.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.examples.LocalChatServer;
import io.github.gchatappender.examples.OwnJvm;
import io.github.gchatappender.examples.ShopTraffic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The starter-only application as it is deployed: in a JVM of its own, configured by nothing but the
 * environment variable {@code GOOGLE_CHAT_WEBHOOK_URL}, posting to a local stand-in for Google Chat that
 * keeps Chat's one message per second. The Log4j2 example runs this same test on its class path, where
 * Boot runs Log4j2; each module names the logging system it expects ({@code expected.logging.system}).
 */
class SpringBootStarterDemoTest {

    @Test
    void theErrorsReachTheSpaceAndTheInfosDoNot() throws Exception {
        String loggingSystem = System.getProperty("expected.logging.system");
        assertThat(loggingSystem)
                .as("expected.logging.system, set by the module's pom")
                .isNotBlank();
        try (LocalChatServer chat =
                LocalChatServer.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            OwnJvm.Exit exit = OwnJvm.run(
                    SpringBootStarterDemo.class,
                    Map.of("GOOGLE_CHAT_WEBHOOK_URL", chat.webhookUrl()),
                    Duration.ofSeconds(90));
            System.out.print(exit.output());

            assertThat(exit.code()).as("exit code").isZero();
            assertThat(exit.output())
                    .contains("Logging system: " + loggingSystem)
                    .contains("Meters: gchat.events accepted=" + ShopTraffic.ERRORS + ", delivered="
                            + ShopTraffic.ERRORS + ", dropped=0, pending=0; gchat.requests sent=5, failed=0, retried=0")
                    .doesNotContain("demo-key", "demo-token");
            List<String> received =
                    chat.threads().values().stream().flatMap(List::stream).collect(Collectors.toList());
            assertThat(chat.threads()).as("Chat threads").hasSize(5);
            assertThat(String.join("\n", received))
                    .contains(
                            "Order 1002 could not be reserved",
                            "×4 in",
                            "×" + ShopTraffic.STORM + " in",
                            "Payment provider answered 502")
                    .doesNotContain("Order 1001 placed", "Inventory low");
            assertThat(chat.tooManyRequests()).as("429 answers").isZero();
        }
    }
}
