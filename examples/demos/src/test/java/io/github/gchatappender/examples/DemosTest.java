package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each demo, run as a user runs it, posts its errors to the local stand-in in three threads. */
class DemosTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(captured, true, StandardCharsets.UTF_8);

    @AfterEach
    void showTheTranscript() {
        System.out.print(output());
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logbackDemo() throws Exception {
        LogbackDemo.run(new String[] {"--once"}, console);

        assertShopTrafficArrived();
        assertThat(output()).contains("Caused by: java.io.UncheckedIOException");
    }

    @Test
    void log4j2Demo() throws Exception {
        Log4j2Demo.run(new String[] {"--once"}, console);

        assertShopTrafficArrived();
    }

    /**
     * Five kinds of error, five threads; the repeated error and the storm each folded into one message. The
     * storm goes on, paced: one update with what came since, then its resolved note, as every thread gets.
     */
    private void assertShopTrafficArrived() {
        int errors = ShopTraffic.ERRORS + ShopTraffic.STORM_MORE;
        assertThat(output())
                .contains("Preview page: http://127.0.0.1:")
                .contains("── thread OrderService.IllegalStateException-", "×4 in")
                .contains("── thread InventoryClient.TimeoutException-", "×" + ShopTraffic.STORM + " in")
                .contains("── thread CheckoutController.NullPointerException-")
                .contains("accepted=" + errors + ", delivered=" + errors + ", dropped=0, pending=0")
                .contains("5 Chat threads")
                .contains("requestsFailed=0, requestsRetried=0")
                .doesNotContain("   Order 1001 placed", "   Inventory low", "── 429");
        assertThat(stormThread())
                .as("the storm's thread: its first message, one paced update, its resolved note")
                .hasSize(3);
        assertThat(stormThread().get(0)).contains("×" + ShopTraffic.STORM + " in");
        assertThat(stormThread().get(1))
                .contains("TimeoutException in InventoryClient · shop · demo · again", "more in");
        assertThat(stormThread().get(2))
                .contains(
                        "TimeoutException in InventoryClient · shop · demo · resolved",
                        "Resolved: no new event for " + ShopTraffic.RESOLVED_AFTER.toSeconds() + " s",
                        (ShopTraffic.STORM + ShopTraffic.STORM_MORE) + " events in all from ");
        assertThat(output().split("· resolved\n", -1))
                .as("a resolved note in each of the five threads")
                .hasSize(6);
    }

    /** The storm's messages as the console printed them, one string each. */
    private List<String> stormThread() {
        List<String> messages = new ArrayList<>();
        for (String message : output().split("(?m)^(?=── )")) {
            if (message.startsWith("── thread " + ShopTraffic.STORM_THREAD)) {
                messages.add(message);
            }
        }
        return messages;
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheOnesThatExist() {
        assertThatThrownBy(() -> DemoWebhook.choose(new String[] {"--forever"}, console))
                .hasMessageContaining("--forever")
                .hasMessageContaining("--once")
                .hasMessageContaining("--port=N");
    }
}
