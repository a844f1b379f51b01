package io.github.gchatappender.core.internal.render;

import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No character of log data starts a new line where the alert has one line for it: the headline, the
 * listed messages, the details, the card's header, fallback and details, and each line of a digest.
 * A forged line there reads as the appender's own: {@code • 9999 × OutOfMemoryError in
 * PaymentService: heap exhausted (new)} once appeared in a digest through U+2028. (The message itself
 * and the stack trace are multi-line by design, and so are left out.)
 */
class ForgedLinesTest {

    /** What Chat clients, browsers and Unicode (UAX #14 mandatory breaks) may show as a new line. */
    static final String[] BREAKS = {
        "\n", "\r", "\r\n", "\u000B", "\u000C", "\u001C", "\u001D", "\u001E", "\u0085", "\u2028", "\u2029"
    };

    private static final Pattern ANY_BREAK = Pattern.compile("\r\n|[\n\r\u000B\u000C\u001C-\u001E\u0085\u2028\u2029]");
    private static final Pattern BR = Pattern.compile("<br>");
    private static final String FORGED = "• 9999 × OutOfMemoryError in PaymentService: heap exhausted (new)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void noBreakInDataStartsALineOfADigest(int which) throws IOException {
        String forge = "x" + BREAKS[which] + FORGED;
        List<AlertBatch> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(new AlertBatch("k" + i, event("com.acme.Service" + i + forge, forge + i, forge), 0));
        }

        String text = JSON.readTree(TestOptions.renderer(forge, forge, forge).renderDigest(batches, "digest-1"))
                .get("text")
                .asText();

        assertNoForgedLine(text, "digest");
        assertThat(text.split("\n", -1))
                .as("a headline and a line per kind:%n%s", text)
                .hasSize(1 + 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void noBreakInDataStartsALineOfATextMessage(int which) throws IOException {
        String forge = "x" + BREAKS[which] + FORGED;
        TestOptions options = TestOptions.defaults(forge, forge, forge).withMdcKeys(List.of("traceId"));

        for (boolean followUp : new boolean[] {false, true}) {
            String text =
                    JSON.readTree(render(options, forge, followUp)).get("text").asText();

            // The message (first event's) is clean, and the trace sits in its code block: what is left is single-line.
            String outsideTrace = text.replaceAll("(?s)```\n.*?```\n", "");
            assertNoForgedLine(outsideTrace, followUp ? "text follow-up" : "text");
            assertThat(text)
                    .as("only \\n breaks lines")
                    .doesNotContainPattern("[\r\u000B\u000C\u001C-\u001E\u0085\u2028\u2029]");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void noBreakInDataStartsALineOfACard(int which) throws IOException {
        String forge = "x" + BREAKS[which] + FORGED;
        TestOptions options = TestOptions.defaults(forge, forge, forge)
                .withMdcKeys(List.of("traceId"))
                .withFormat(AlertFormat.CARD);

        for (boolean followUp : new boolean[] {false, true}) {
            JsonNode body = JSON.readTree(render(options, forge, followUp));
            JsonNode card = body.path("cardsV2").get(0).path("card");
            List<String> singleLine = new ArrayList<>();
            singleLine.add(body.path("fallbackText").asText());
            singleLine.add(card.path("header").path("title").asText());
            singleLine.add(card.path("header").path("subtitle").asText());
            for (JsonNode section : card.path("sections")) {
                if ("Stack trace".equals(section.path("header").asText())) {
                    continue;
                }
                for (JsonNode widget : section.path("widgets")) {
                    // A paragraph's lines are its <br>s: the message's own are allowed, the listed ones' not.
                    String paragraph = widget.path("textParagraph").path("text").asText("");
                    for (String line : BR.split(paragraph)) {
                        singleLine.add(line);
                    }
                    singleLine.add(widget.path("decoratedText").path("topLabel").asText(""));
                    singleLine.add(widget.path("decoratedText").path("text").asText(""));
                }
            }
            for (String value : singleLine) {
                assertThat(ANY_BREAK.matcher(value).find())
                        .as("a line break in %s", value)
                        .isFalse();
            }
        }
    }

    /** A first event with a clean message; every other value the alert shows on one line carries {@code forge}. */
    private static byte[] render(TestOptions options, String forge, boolean followUp) {
        MessageRenderer renderer = TestOptions.renderer(options);
        AlertBatch batch = batch(forge);
        if (!followUp) {
            return renderer.render(batch);
        }
        renderer.delivered(batch);
        return renderer.render(batch(forge));
    }

    private static AlertBatch batch(String forge) {
        AlertEvent first = AlertEvent.builder()
                .timestampMillis(T0)
                .level("ERROR" + forge)
                .loggerName("com.acme." + forge)
                .threadName(forge)
                .message("Order 42 failed")
                .mdc(Map.of("traceId", forge))
                .throwable(new ThrowableSnapshot("com.acme.Boom" + forge, "boom", List.of(), 0, null, null))
                .build();
        AlertBatch batch = new AlertBatch("forged", first, 0);
        for (int i = 0; i < 3; i++) {
            batch.add(event("com.acme." + forge, forge, (char) ('a' + i) + forge));
        }
        return batch;
    }

    private static AlertEvent event(String logger, String thread, String message) {
        return GoldenRenderingTest.event(T0 + 1000, logger, thread, message, null, Map.of("traceId", thread), null);
    }

    private static void assertNoForgedLine(String text, String what) {
        for (String line : ANY_BREAK.split(text, -1)) {
            assertThat(line.strip()).as("%s has a forged line:%n%s", what, text).doesNotStartWith(FORGED);
        }
    }
}
