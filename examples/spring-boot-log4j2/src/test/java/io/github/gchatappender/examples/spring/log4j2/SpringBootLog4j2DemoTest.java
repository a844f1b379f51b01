package io.github.gchatappender.examples.spring.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.examples.ShopTraffic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot demo on spring-boot-starter-log4j2, run with {@code --once}: log4j2-spring.xml
 * receives the webhook URL through {@code ${spring:google.chat.webhook-url}} (no system property or
 * environment variable is set, so the appender has no other way to find it).
 */
class SpringBootLog4j2DemoTest {

    @Test
    void everyErrorReachesTheSpaceNamedByTheSpringProperty() throws Exception {
        assertThat(System.getProperty("GOOGLE_CHAT_WEBHOOK_URL")).isNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        SpringBootLog4j2Demo.run(new String[] {"--once"}, new PrintStream(captured, true, StandardCharsets.UTF_8));

        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(output)
                .contains("── thread OrderService.IllegalStateException-", "×4 in")
                .contains("── thread InventoryClient.TimeoutException-", "×" + ShopTraffic.STORM + " in")
                .contains("accepted=" + ShopTraffic.ERRORS + ", delivered=" + ShopTraffic.ERRORS
                        + ", dropped=0, pending=0")
                .contains("5 Chat threads", "requestsFailed=0, requestsRetried=0")
                .doesNotContain("   Order 1001 placed", "   Inventory low", "── 429");
    }
}
