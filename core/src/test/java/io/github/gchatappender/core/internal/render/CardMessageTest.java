package io.github.gchatappender.core.internal.render;

import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.T0;
import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CARD format: escaping, fallback text, mentions, the link button, the trace section, the limits. */
class CardMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "OrderService.IllegalStateException-0123456789ab";
    private static final String LINK =
            "https://grafana.example.com/explore?traceId={mdc:traceId}&app={applicationName}";
    /** The only tags the card writer itself puts into text. */
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    // ---------------------------------------------------------------- escaping

    @Test
    void logDataIsHtmlEscapedAndAddsNoTag() {
        String data = "<b>x</b> & <a href=https://evil>y</a>";
        ThrowableSnapshot thrown = new ThrowableSnapshot(
                "com.acme.Boom",
                data,
                List.of(frame("com.acme.Order", "<init>", "Order.java", 12), frame("com.acme.Order", data, null, 13)),
                0,
                null,
                null);
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .level("ERROR")
                .loggerName("com.acme." + data)
                .threadName(data)
                .message(data)
                .mdc(Map.of("traceId", data))
                .throwable(thrown)
                .build();
        AlertBatch batch = new AlertBatch(KEY, event, 0);
        batch.add(GoldenRenderingTest.event(T0 + 1, "com.acme.X", "t", "other " + data, null, Map.of(), null));
        TestOptions options = options().withMdcKeys(List.of("traceId"));

        JsonNode body = render(TestOptions.renderer(options), batch);
        JsonNode card = body.get("cardsV2").get(0).get("card");

        String summary = card.get("sections")
                .get(0)
                .get("widgets")
                .get(0)
                .get("textParagraph")
                .get("text")
                .asText();
        assertThat(summary).startsWith("<b>&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=https://evil&gt;y&lt;/a&gt;</b>");
        assertThat(summary)
                .contains("other ")
                .doesNotContain("<a")
                .doesNotContain("<b>x")
                .doesNotContain("</a>");
        String trace = section(card, "Stack trace").toString();
        assertThat(trace).contains("com.acme.Order.&lt;init&gt;(Order.java:12)");
        assertThat(detail(card, "thread"))
                .isEqualTo("&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=https://evil&gt;y&lt;/a&gt;");
        assertThat(detail(card, "traceId")).isEqualTo(detail(card, "thread"));
        for (String text : strings(body.get("cardsV2"))) {
            assertThat(text)
                    .as("a card string")
                    .doesNotContain("<a")
                    .doesNotContain("<b>x")
                    .doesNotContain("<init>");
            assertThat(tagsIn(text)).as("tags in %s", text).isSubsetOf("<b>", "</b>", "<br>");
        }
    }

    @Test
    void applicationAndEnvironmentInTheTitleAreNeutralisedAsPlainText() {
        TestOptions options =
                TestOptions.defaults("<b>shop</b> & co", "prod\"<i>", "web-1").withFormat(AlertFormat.CARD);

        JsonNode body = render(TestOptions.renderer(options), GoldenRenderingTest.oneError(Map.of()));
        String title = body.get("cardsV2")
                .get(0)
                .get("card")
                .get("header")
                .get("title")
                .asText();

        assertThat(title).startsWith("ERROR \u00B7 IllegalStateException \u00B7 ");
        // Plain text: no tag can open (no '<'), and nothing shows as a literal entity if Chat does not read HTML there.
        assertThat(title).doesNotContain("<").doesNotContain("&amp;").contains("\u2039b>shop\u2039/b> & co");
    }

    // ---------------------------------------------------------------- fallbackText

    @Test
    void fallbackTextIsOneShortNeutralisedLine() {
        String message = "line one <users/all>\nline two <https://evil|click>\r\n\u2028" + "z".repeat(1000);
        AlertEvent event = GoldenRenderingTest.event(
                T0,
                "com.acme.checkout.OrderService",
                "http-1",
                message,
                null,
                Map.of(),
                new ThrowableSnapshot("java.lang.IllegalStateException", "boom", null, 0, null, null));

        JsonNode body = render(TestOptions.renderer(options()), new AlertBatch(KEY, event, 0));
        String fallback = body.get("fallbackText").asText();

        assertThat(fallback)
                .startsWith("ERROR IllegalStateException in OrderService")
                .contains(": line one ");
        assertThat(fallback.length()).isLessThanOrEqualTo(CardMessage.MAX_FALLBACK_CHARS);
        assertThat(fallback)
                .doesNotContain("\n")
                .doesNotContain("\r")
                .doesNotContain("\u2028")
                .doesNotContain("<users/all>")
                .doesNotContain("<https://")
                .doesNotContain("<")
                .endsWith("\u2026");
    }

    // ---------------------------------------------------------------- mentions

    @Test
    void mentionsGoOnlyInTextAndOnlyOnTheFirstMessageOfAGroup() throws IOException {
        MessageRenderer renderer =
                TestOptions.renderer(options().withMentions(List.of("users/all", "users/1234567890")));
        AlertBatch batch = GoldenRenderingTest.oneError(Map.of());

        JsonNode first = render(renderer, batch);

        assertThat(first.get("text").asText()).isEqualTo("<users/all> <users/1234567890>");
        assertThat(first.get("fallbackText").asText()).doesNotContain("users/");
        assertThat(JSON.writeValueAsString(first.get("cardsV2"))).doesNotContain("users/");

        JsonNode beforeDelivery = render(renderer, GoldenRenderingTest.oneError(Map.of()));
        assertThat(beforeDelivery.has("text"))
                .as("not delivered yet: still the first message")
                .isTrue();

        renderer.delivered(batch);
        JsonNode again = render(renderer, GoldenRenderingTest.oneError(Map.of()));

        assertThat(again.has("text")).isFalse();
        assertThat(JSON.writeValueAsString(again)).doesNotContain("users/");
        assertThat(again.get("cardsV2")
                        .get(0)
                        .get("card")
                        .get("header")
                        .get("title")
                        .asText())
                .endsWith(" \u00B7 again");

        JsonNode otherGroup = render(renderer, GoldenRenderingTest.noException(Map.of()));
        assertThat(otherGroup.get("text").asText()).isEqualTo("<users/all> <users/1234567890>");
    }

    @Test
    void withoutMentionsThereIsNoText() {
        JsonNode body = render(TestOptions.renderer(options()), GoldenRenderingTest.oneError(Map.of()));

        assertThat(body.has("text")).isFalse();
    }

    // ---------------------------------------------------------------- link

    @Test
    void linkIsAButtonWithUrlEncodedValues() {
        MessageRenderer renderer = TestOptions.renderer(options().withLinkTemplate(LINK));
        AlertBatch batch = GoldenRenderingTest.oneError(Map.of("traceId", "a b&c=<d>"));

        JsonNode card = render(renderer, batch).get("cardsV2").get(0).get("card");

        JsonNode buttons = buttons(card);
        assertThat(buttons).hasSize(1);
        assertThat(buttons.get(0).get("text").asText()).isEqualTo("Open logs");
        assertThat(buttons.get(0).get("onClick").get("openLink").get("url").asText())
                .isEqualTo("https://grafana.example.com/explore?traceId=a%20b%26c%3D%3Cd%3E&app=checkout");

        renderer.delivered(batch);
        JsonNode followUp = render(renderer, GoldenRenderingTest.oneError(Map.of("traceId", "next")))
                .get("cardsV2")
                .get(0)
                .get("card");
        assertThat(buttons(followUp)
                        .get(0)
                        .get("onClick")
                        .get("openLink")
                        .get("url")
                        .asText())
                .isEqualTo("https://grafana.example.com/explore?traceId=next&app=checkout");
    }

    @Test
    void missingMdcValueLeavesTheParameterEmpty() {
        JsonNode card = render(
                        TestOptions.renderer(options().withLinkTemplate(LINK)), GoldenRenderingTest.oneError(Map.of()))
                .get("cardsV2")
                .get(0)
                .get("card");

        assertThat(buttons(card)
                        .get(0)
                        .get("onClick")
                        .get("openLink")
                        .get("url")
                        .asText())
                .isEqualTo("https://grafana.example.com/explore?traceId=&app=checkout");
    }

    @Test
    void withoutLinkTemplateThereIsNoButton() {
        JsonNode card = render(TestOptions.renderer(options()), GoldenRenderingTest.oneError(Map.of()))
                .get("cardsV2")
                .get(0)
                .get("card");

        assertThat(card.toString()).doesNotContain("buttonList").doesNotContain("openLink");
    }

    // ---------------------------------------------------------------- stack trace

    @Test
    void stackTraceSectionIsCollapsibleWithItsFirstLineVisible() {
        JsonNode card = render(TestOptions.renderer(options()), GoldenRenderingTest.threeCauses(Map.of()))
                .get("cardsV2")
                .get(0)
                .get("card");

        JsonNode section = section(card, "Stack trace");
        assertThat(section.get("collapsible").asBoolean()).isTrue();
        assertThat(section.get("uncollapsibleWidgetsCount").asInt()).isEqualTo(1);
        JsonNode widgets = section.get("widgets");
        assertThat(widgets).hasSize(2);
        assertThat(widgets.get(0).get("textParagraph").get("text").asText())
                .isEqualTo("<b>java.lang.IllegalStateException: Order 42 could not be placed</b>");
        String rest = widgets.get(1).get("textParagraph").get("text").asText();
        assertThat(rest).startsWith("    at com.acme.checkout.OrderService.placeOrder(OrderService.java:57)<br>");
        assertThat(rest)
                .contains("<br>Caused by: java.net.ConnectException: Connection refused<br>")
                .contains("    ... 6 more")
                .doesNotContain("\n")
                .doesNotContain("\t");
    }

    @Test
    void throwableWithoutFramesGivesOneVisibleLineAndNothingToCollapse() {
        AlertEvent event = GoldenRenderingTest.event(
                T0,
                "com.acme.Job",
                "main",
                "failed",
                null,
                Map.of(),
                new ThrowableSnapshot("com.acme.Boom", "no frames", List.of(), 0, null, null));

        JsonNode card = render(TestOptions.renderer(options()), new AlertBatch(KEY, event, 0))
                .get("cardsV2")
                .get(0)
                .get("card");

        JsonNode section = section(card, "Stack trace");
        assertThat(section.get("widgets")).hasSize(1);
        assertThat(section.has("collapsible")).isFalse();
        assertThat(section.has("uncollapsibleWidgetsCount")).isFalse();
    }

    @Test
    void followUpHasNeitherDetailsNorStackTrace() {
        MessageRenderer renderer = TestOptions.renderer(options());
        AlertBatch batch = GoldenRenderingTest.oneError(Map.of());
        renderer.delivered(batch);

        JsonNode card = render(renderer, GoldenRenderingTest.oneError(Map.of()))
                .get("cardsV2")
                .get(0)
                .get("card");

        assertThat(card.get("sections")).hasSize(1);
        assertThat(card.toString()).doesNotContain("Stack trace").doesNotContain("Details");
    }

    // ---------------------------------------------------------------- limits

    @Test
    void oneMegabyteMessageFitsAndIsCutWithAnEllipsis() {
        String huge = "\"<&\u20AC\uD834\uDD1E\n".repeat(1024 * 1024 / 7);
        AlertEvent event = GoldenRenderingTest.event(T0, "com.acme.OrderService", "http-1", huge, null, Map.of(), null);
        AlertBatch batch = new AlertBatch(KEY, event, 0);

        byte[] body = TestOptions.renderer(options().withMentions(List.of("users/all")))
                .render(batch);

        SchemaConformanceTest.assertConforms(body, AlertFormat.CARD, "1 MB message");
        JsonNode card = parse(body).get("cardsV2").get(0).get("card");
        String summary = card.get("sections")
                .get(0)
                .get("widgets")
                .get(0)
                .get("textParagraph")
                .get("text")
                .asText();
        assertThat(summary)
                .startsWith("<b>&quot;&lt;&amp;\u20AC\uD834\uDD1E<br>")
                .endsWith("\u2026</b>");
    }

    @Test
    void tenThousandFramesAndTwoHundredSuppressedFit() {
        List<StackTraceElement> frames = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            frames.add(frame("com.acme.deep.package.name.Service" + i % 13, "call" + i, "Service.java", i + 1));
        }
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            suppressed.add(new ThrowableSnapshot("com.acme.CloseFailed" + i, "close " + i, frames, 0, null, null));
        }
        ThrowableSnapshot top = new ThrowableSnapshot(
                "com.acme.Top",
                "top failure",
                frames,
                0,
                new ThrowableSnapshot("com.acme.Root", "root failure", frames, 3, null, suppressed),
                suppressed);
        AlertEvent event = GoldenRenderingTest.event(T0, "com.acme.OrderService", "http-1", "m", null, Map.of(), top);

        byte[] body = TestOptions.renderer(options()).render(new AlertBatch(KEY, event, 0));

        SchemaConformanceTest.assertConforms(body, AlertFormat.CARD, "10,000 frames, 200 suppressed");
        JsonNode section = section(parse(body).get("cardsV2").get(0).get("card"), "Stack trace");
        assertThat(section.get("widgets")
                        .get(0)
                        .get("textParagraph")
                        .get("text")
                        .asText())
                .isEqualTo("<b>com.acme.Top: top failure</b>");
        assertThat(section.get("widgets")
                        .get(1)
                        .get("textParagraph")
                        .get("text")
                        .asText())
                .contains("frames omitted")
                .contains("Suppressed: com.acme.CloseFailed0: close 0")
                .contains("Caused by: com.acme.Root: root failure");
    }

    @Test
    void megabyteMessageAndHugeTraceTogetherFit() {
        String huge = "&\"".repeat(512 * 1024);
        List<StackTraceElement> frames = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            frames.add(frame("com.acme.\"<&>" + i, "<init>", "S.java", i));
        }
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            suppressed.add(new ThrowableSnapshot("com.acme.S" + i, huge, frames, 0, null, null));
        }
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Top", huge, frames, 0, null, suppressed);
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .loggerName("com.acme." + huge)
                .threadName(huge)
                .message(huge)
                .mdc(Map.of("traceId", huge))
                .throwable(top)
                .build();
        AlertBatch batch = new AlertBatch(KEY, event, 0);
        for (int i = 0; i < 12; i++) {
            batch.add(GoldenRenderingTest.event(
                    T0 + i, "com.acme.X", "t", (char) ('a' + i) + huge, null, Map.of(), null));
        }
        // Configuration is not data: application and environment are long here, not a megabyte (the link
        // would carry them whole; see SchemaConformanceTest.aHugeLevelInTheLinkStillFitsTheCard).
        String longSetting = "\u20AC<&\"".repeat(75);
        TestOptions options = TestOptions.defaults(longSetting, longSetting, huge)
                .withFormat(AlertFormat.CARD)
                .withMdcKeys(List.of("traceId"))
                .withLinkTemplate(LINK)
                .withMentions(List.of("users/all"));

        SchemaConformanceTest.assertConforms(
                TestOptions.renderer(options).render(batch), AlertFormat.CARD, "everything huge");
    }

    // ---------------------------------------------------------------- helpers

    private static TestOptions options() {
        return TestOptions.defaults("checkout", "prod", "web-1").withFormat(AlertFormat.CARD);
    }

    private static JsonNode render(MessageRenderer renderer, AlertBatch batch) {
        byte[] body = renderer.render(batch);
        SchemaConformanceTest.assertConforms(body, AlertFormat.CARD, "card");
        return parse(body);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode section(JsonNode card, String header) {
        for (JsonNode section : card.get("sections")) {
            if (header.equals(section.path("header").asText(null))) {
                return section;
            }
        }
        throw new AssertionError("no section " + header + " in " + card);
    }

    private static String detail(JsonNode card, String label) {
        for (JsonNode widget : section(card, "Details").get("widgets")) {
            JsonNode decorated = widget.get("decoratedText");
            if (label.equals(decorated.get("topLabel").asText())) {
                return decorated.get("text").asText();
            }
        }
        throw new AssertionError("no detail " + label);
    }

    private static JsonNode buttons(JsonNode card) {
        for (JsonNode section : card.get("sections")) {
            for (JsonNode widget : section.get("widgets")) {
                if (widget.has("buttonList")) {
                    return widget.get("buttonList").get("buttons");
                }
            }
        }
        throw new AssertionError("no buttonList in " + card);
    }

    /** Every string value under {@code node}; the resolved note's tests read cards with it too. */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }

    /** The markup tags in {@code text}. */
    static List<String> tagsIn(String text) {
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            tags.add(m.group());
        }
        return tags;
    }
}
