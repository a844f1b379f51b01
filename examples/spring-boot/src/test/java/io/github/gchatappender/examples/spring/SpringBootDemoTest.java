package io.github.gchatappender.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.examples.ShopTraffic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot demo, run as a user runs it with {@code --once}: logback-spring.xml receives the
 * webhook URL through {@code <springProperty>} (no system property or environment variable is set,
 * so the appender has no other way to find it), and every error reaches the local stand-in.
 */
class SpringBootDemoTest {

    @Test
    void everyErrorReachesTheSpaceNamedByTheSpringProperty() throws Exception {
        assertThat(System.getProperty("GOOGLE_CHAT_WEBHOOK_URL")).isNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        SpringBootDemo.run(new String[] {"--once"}, new PrintStream(captured, true, StandardCharsets.UTF_8));

        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(output)
                .contains("Preview page: http://127.0.0.1:")
                .contains("── thread OrderService.IllegalStateException-", "×4 in")
                .contains("── thread InventoryClient.TimeoutException-", "×" + ShopTraffic.STORM + " in")
                .contains("accepted=" + ShopTraffic.ERRORS + ", delivered=" + ShopTraffic.ERRORS
                        + ", dropped=0, pending=0")
                .contains("5 Chat threads", "requestsFailed=0, requestsRetried=0")
                .doesNotContain("   Order 1001 placed", "   Inventory low", "── 429");
    }
}
