package io.github.gchatappender.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Each demo, run as a user runs it, posts its errors to the local stand-in in three threads. */
class DemosTest {

    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void captureConsole() {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        originalOut.print(output());
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logbackDemo() throws Exception {
        LogbackDemo.main(new String[0]);

        assertThat(output())
                .contains("── thread OrderService.IllegalStateException-", "×4 in", "Caused by: java.io.UncheckedIOException")
                .contains("accepted=6, delivered=6, dropped=0, pending=0")
                .contains("3 Chat threads, 3 messages.")
                .doesNotContain("   Order 1001 placed", "   Inventory low");
    }

    @Test
    void log4j2Demo() throws Exception {
        Log4j2Demo.main(new String[0]);

        assertThat(output())
                .contains("── thread OrderService.IllegalStateException-", "×4 in")
                .contains("accepted=6, delivered=6, dropped=0, pending=0")
                .contains("3 Chat threads, 3 messages.")
                .doesNotContain("   Order 1001 placed", "   Inventory low");
    }
}
