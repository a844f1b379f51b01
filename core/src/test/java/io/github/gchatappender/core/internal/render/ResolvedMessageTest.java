package io.github.gchatappender.core.internal.render;

import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.examples.LocalChatServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The resolved note: its text, its card, no mention, hostile and huge log data, and forgetting a thread. */
class ResolvedMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "OrderService.IllegalStateException-0123456789ab";
    private static final long LAST = T0 + 304_000; // 10:07:15.123Z
    private static final long QUIET = 300_000;
    private static final List<String> MENTIONS = List.of("users/all", "users/1234567890");
    /** As the appender posts: in the thread of the key, or a new one (else Chat ignores the key). */
    private static final String REPLY_IN_THREAD = "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";

    // ---------------------------------------------------------------- text

    @Test
    void textSaysWhatStoppedWhenAndHowManyInAll() {
        byte[] body = TestOptions.renderer(options(AlertFormat.TEXT)).renderResolved(note(1234));

        SchemaConformanceTest.assertConforms(body, AlertFormat.TEXT, "resolved text");
        JsonNode root = parse(body);
        assertThat(fieldNames(root)).containsExactlyInAnyOrder("text", "thread");
        assertThat(root.get("thread").get("threadKey").asText()).isEqualTo(KEY);
        assertThat(root.get("text").asText())
                .isEqualTo("*ERROR* IllegalStateException in OrderService \u00B7 checkout \u00B7 prod \u00B7 resolved\n"
                        + "Order 42 could not be reserved\n"
                        + "Resolved: no new event for 5 min\n"
                        + "Last seen 10:07:15Z\n"
                        + "1234 events in all from 10:02:11Z to 10:07:15Z (5 min)");
    }

    @Test
    void countIsExactAndSingularForOneEvent() {
        MessageRenderer renderer = TestOptions.renderer(options(AlertFormat.TEXT));

        assertThat(text(renderer.renderResolved(new ResolvedNote(oneError(), 1, T0, T0, 90_000))))
                .contains("Resolved: no new event for 90 s\n")
                .endsWith("\n1 event in all from 10:02:11Z to 10:02:11Z (0 s)");
        assertThat(text(renderer.renderResolved(
                        new ResolvedNote(oneError(), 9_876_543_210L, T0, T0 + 3 * 3_600_000L, QUIET))))
                .endsWith("\n9876543210 events in all from 10:02:11Z to 13:02:11Z (3 h)");
    }

    @Test
    void timesAreInTheConfiguredZone() {
        TestOptions options = options(AlertFormat.TEXT).withTimeZone(ZoneId.of("Europe/Paris"));

        String text = text(TestOptions.renderer(options).renderResolved(note(2)));

        assertThat(text)
                .contains("Last seen 11:07:15+01:00\n")
                .endsWith("2 events in all from 11:02:11+01:00 to 11:07:15+01:00 (5 min)");
    }

    @Test
    void textHasNoMentionStackTraceOrDetailsEvenWhenMentionsAreConfigured() {
        MessageRenderer renderer = TestOptions.renderer(options(AlertFormat.TEXT)
                .withMdcKeys(List.of("traceId"))
                .withLinkTemplate("https://logs.example.com/?t={mdc:traceId}"));

        String text = text(renderer.renderResolved(note(3)));

        assertThat(text)
                .doesNotContain("<")
                .doesNotContain("users/")
                .doesNotContain("```")
                .doesNotContain("inventory locked")
                .doesNotContain("logger ")
                .doesNotContain("Open logs");
    }

    @Test
    void messageIsOneCappedLine() {
        AlertBatch batch = batchOf(event("com.acme.OrderService", "line one\nline two\r\n" + "x".repeat(500), null));

        String text = text(TestOptions.renderer(options(AlertFormat.TEXT))
                .renderResolved(new ResolvedNote(batch, 2, T0, LAST, QUIET)));

        String message = text.split("\n")[1];
        assertThat(message).startsWith("line one line two  x").endsWith("\u2026");
        assertThat(message).hasSize(TextMessage.MAX_LISTED_CHARS);
    }

    @Test
    void emptyMessageLeavesItsLineOut() {
        AlertBatch batch = batchOf(event("com.acme.Job", "", null));

        String text = text(TestOptions.renderer(TestOptions.defaults(null, null, "h"))
                .renderResolved(new ResolvedNote(batch, 1, T0, T0, QUIET)));

        assertThat(text).startsWith("*ERROR* in Job \u00B7 resolved\nResolved: no new event for 5 min\n");
    }

    // ---------------------------------------------------------------- card

    @Test
    void cardHasTheHeaderOfTheThreadAndThreeFacts() {
        byte[] body = TestOptions.renderer(options(AlertFormat.CARD)).renderResolved(note(1234));

        SchemaConformanceTest.assertConforms(body, AlertFormat.CARD, "resolved card");
        JsonNode root = parse(body);
        assertThat(fieldNames(root)).containsExactlyInAnyOrder("fallbackText", "cardsV2", "thread");
        assertThat(root.get("thread").get("threadKey").asText()).isEqualTo(KEY);
        assertThat(root.get("fallbackText").asText())
                .isEqualTo("ERROR IllegalStateException in OrderService (checkout, prod), resolved: "
                        + "Order 42 could not be reserved");
        JsonNode card = root.get("cardsV2").get(0).get("card");
        assertThat(card.get("header").get("title").asText())
                .isEqualTo("ERROR \u00B7 IllegalStateException \u00B7 checkout \u00B7 prod \u00B7 resolved");
        assertThat(card.get("header").get("subtitle").asText()).isEqualTo("com.acme.checkout.OrderService");
        assertThat(card.get("sections")).hasSize(1);
        JsonNode widgets = card.get("sections").get(0).get("widgets");
        assertThat(widgets).hasSize(4);
        assertThat(widgets.get(0).get("textParagraph").get("text").asText())
                .isEqualTo("<b>Order 42 could not be reserved</b>");
        assertThat(fact(widgets, "Resolved")).isEqualTo("No new event for 5 min");
        assertThat(fact(widgets, "Last seen")).isEqualTo("10:07:15Z");
        assertThat(fact(widgets, "In all")).isEqualTo("1234 events in all from 10:02:11Z to 10:07:15Z (5 min)");
    }

    @Test
    void cardHasNoMentionStackTraceOrButton() throws IOException {
        byte[] body = TestOptions.renderer(
                        options(AlertFormat.CARD).withLinkTemplate("https://logs.example.com/?l={logger}"))
                .renderResolved(note(3));

        JsonNode root = parse(body);
        assertThat(root.has("text"))
                .as("mentions go in text: no text, no mention")
                .isFalse();
        assertThat(JSON.writeValueAsString(root))
                .doesNotContain("users/")
                .doesNotContain("inventory locked")
                .doesNotContain("Stack trace")
                .doesNotContain("buttonList");
    }

    // ---------------------------------------------------------------- hostile and huge

    @ParameterizedTest
    @EnumSource(AlertFormat.class)
    void hostileLogDataAddsNoMarkup(AlertFormat format) {
        String hostile = "<users/all> <https://evil.example|click> ```\n<b>x</b> & \"q\" "
                + "nul\u0000 esc\u001B[31m rtl\u202Eevil\u202C lone\uD800 \uD83D\uDD25\u2028next";
        ThrowableSnapshot thrown = new ThrowableSnapshot("com.acme." + hostile, hostile, null, 0, null, null);
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .level("<users/all>")
                .loggerName("com.acme." + hostile)
                .threadName(hostile)
                .message(hostile)
                .throwable(thrown)
                .build();
        TestOptions options = TestOptions.defaults(hostile, hostile, hostile)
                .withFormat(format)
                .withMentions(MENTIONS);

        byte[] body =
                TestOptions.renderer(options).renderResolved(new ResolvedNote(batchOf(event), 5, T0, LAST, QUIET));

        SchemaConformanceTest.assertConforms(body, format, "hostile resolved note");
        for (String value : CardMessageTest.strings(parse(body))) {
            assertThat(value)
                    .as("a string of the body")
                    .doesNotContain("<users/")
                    .doesNotContain("<https://")
                    .doesNotContain("\u202E")
                    .doesNotContain("\u0000")
                    .doesNotContain("\uD800 ");
            assertThat(CardMessageTest.tagsIn(value)).as("tags in %s", value).isSubsetOf("<b>", "</b>");
        }
        if (format == AlertFormat.TEXT) {
            String text = text(body);
            // Backticks matter in Chat text only (card text is HTML, where they are plain characters).
            assertThat(text)
                    .doesNotContain("<")
                    .doesNotContain("`")
                    .contains("\u2039users/all>")
                    .contains("\uD83D\uDD25");
            assertThat(text.split("\n")).hasSize(5); // data adds no line
        } else {
            assertThat(parse(body).has("text")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(AlertFormat.class)
    void tenKilobyteLoggerAndMegabyteMessageStayWithinLimits(AlertFormat format) {
        String wide = "\"<&\u20AC\uD834\uDD1E";
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .loggerName("hostile." + wide.repeat(10_000 / wide.length()))
                .threadName(wide.repeat(10_000))
                .message(wide.repeat(1024 * 1024 / wide.length()))
                .throwable(new ThrowableSnapshot("com.acme." + wide.repeat(2_000), wide, null, 0, null, null))
                .build();
        String setting = wide.repeat(2_000);
        TestOptions options = TestOptions.defaults(setting, setting, setting)
                .withFormat(format)
                .withMentions(MENTIONS);

        byte[] body =
                TestOptions.renderer(options).renderResolved(new ResolvedNote(batchOf(event), 7, T0, LAST, QUIET));

        SchemaConformanceTest.assertConforms(body, format, "huge resolved note");
        // Capped fields: the note stays small whatever the data, far below the limits.
        assertThat(body.length).isLessThan(4_000);
        for (String value : CardMessageTest.strings(parse(body))) {
            assertThat(value.length()).isLessThanOrEqualTo(GoogleChatLimits.MAX_TEXT_CHARS);
        }
    }

    // ---------------------------------------------------------------- history

    @ParameterizedTest
    @EnumSource(AlertFormat.class)
    void forgetMakesTheNextMessageOfTheThreadFullWithItsMentions(AlertFormat format) throws IOException {
        MessageRenderer renderer = TestOptions.renderer(options(format));
        AlertBatch first = oneError();
        renderer.delivered(first);
        assertThat(renderer.hasThread(KEY)).isTrue();
        assertThat(JSON.writeValueAsString(parse(renderer.render(oneError())))).doesNotContain("users/all");

        renderer.renderResolved(note(4));
        assertThat(renderer.hasThread(KEY))
                .as("rendering the note changes nothing")
                .isTrue();
        renderer.forget(KEY);

        assertThat(renderer.hasThread(KEY)).isFalse();
        JsonNode next = parse(renderer.render(oneError()));
        assertThat(next.get("text").asText()).contains("<users/all> <users/1234567890>");
        if (format == AlertFormat.TEXT) {
            assertThat(next.get("text").asText())
                    .doesNotContain("\u00B7 again")
                    .contains("```")
                    .contains("logger com.acme.checkout.OrderService");
        } else {
            JsonNode card = next.get("cardsV2").get(0).get("card");
            assertThat(card.get("header").get("title").asText()).doesNotEndWith("again");
            assertThat(card.toString()).contains("Stack trace").contains("Details");
        }
    }

    @Test
    void forgetKeepsOtherThreadsAndAcceptsAnUnknownOne() {
        MessageRenderer renderer = TestOptions.renderer(options(AlertFormat.TEXT));
        renderer.delivered(oneError());
        renderer.delivered(GoldenRenderingTest.noException(Map.of()));

        renderer.forget("never-seen");
        renderer.forget(GoldenRenderingTest.noException(Map.of()).threadKey());

        assertThat(renderer.hasThread(KEY)).isTrue();
        assertThat(renderer.hasThread(GoldenRenderingTest.noException(Map.of()).threadKey()))
                .isFalse();
    }

    // ---------------------------------------------------------------- the chat stand-in

    /** The stand-in accepts both notes, in the thread's key, and its preview page draws every widget. */
    @Test
    void chatStandInAcceptsAndPreviewsBothFormats() throws Exception {
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try (LocalChatServer chat = LocalChatServer.start(silent, 0, Duration.ZERO)) {
            HttpClient http = HttpClient.newHttpClient();
            for (AlertFormat format : AlertFormat.values()) {
                byte[] body = TestOptions.renderer(options(format)).renderResolved(note(1234));
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(chat.webhookUrl() + REPLY_IN_THREAD))
                                .header("Content-Type", "application/json; charset=UTF-8")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode())
                        .as("%s: %s", format, answer.body())
                        .isEqualTo(200);
            }
            assertThat(chat.invalidArguments()).isZero();
            assertThat(chat.threads()).containsOnlyKeys(KEY);
            assertThat(chat.threads().get(KEY)).hasSize(2);

            String page = http.send(
                            HttpRequest.newBuilder(URI.create(chat.previewUrl()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();

            assertThat(page)
                    .contains("prod \u00B7 resolved") // the text's headline and the card's title
                    .contains("Resolved: no new event for 5 min") // text
                    .contains("No new event for 5 min") // card: decoratedText
                    .contains("<b>Order 42 could not be reserved</b>") // card: textParagraph
                    .contains("1234 events in all from 10:02:11Z to 10:07:15Z (5 min)")
                    .doesNotContain("not drawn in this preview");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static TestOptions options(AlertFormat format) {
        return TestOptions.defaults("checkout", "prod", "web-1")
                .withFormat(format)
                .withMentions(MENTIONS);
    }

    private static AlertBatch oneError() {
        return GoldenRenderingTest.oneError(Map.of());
    }

    private static ResolvedNote note(long events) {
        return new ResolvedNote(oneError(), events, T0, LAST, QUIET);
    }

    private static AlertEvent event(String logger, String message, ThrowableSnapshot thrown) {
        return GoldenRenderingTest.event(T0, logger, "main", message, null, Map.of(), thrown);
    }

    private static AlertBatch batchOf(AlertEvent event) {
        return new AlertBatch(KEY, event, 0);
    }

    private static String fact(JsonNode widgets, String label) {
        for (JsonNode widget : widgets) {
            JsonNode decorated = widget.get("decoratedText");
            if (decorated != null && label.equals(decorated.get("topLabel").asText())) {
                return decorated.get("text").asText();
            }
        }
        throw new AssertionError("no fact " + label + " in " + widgets);
    }

    private static String text(byte[] body) {
        return parse(body).get("text").asText();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
