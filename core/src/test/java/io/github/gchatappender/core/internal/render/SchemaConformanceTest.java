package io.github.gchatappender.core.internal.render;

import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.HOST;
import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every body the renderer produces, in both formats and with every combination of options, reads
 * through Google's own model of the Chat API with no field it does not know (Google's JSON front end
 * rejects an unknown field with 400; see {@link GoogleChatModel}), respects the structural rules of
 * cards that the model does not encode, and stays within Google's size limits.
 */
class SchemaConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds a widget can be, from Google's model. */
    static final Set<String> WIDGET_KINDS = GoogleChatModel.widgetKinds();

    /**
     * Walks one message body and lists every departure from the rules Google's model does not
     * encode: wrong JSON types, widgets with zero or several kinds, headers without a title, sections
     * without widgets, text widgets without text. Sub-objects the renderer has no reason to write
     * (icons, actions, other widget kinds) are not walked. Field names are the model's to check.
     */
    static final class SchemaWalker {
        private final List<String> problems = new ArrayList<>();

        static List<String> problems(JsonNode body) {
            SchemaWalker walker = new SchemaWalker();
            walker.message(body);
            return walker.problems;
        }

        private void message(JsonNode n) {
            if (!object(n, "$")) {
                return;
            }
            string(n, "$", "text", false);
            string(n, "$", "fallbackText", false);
            if (n.has("thread")) {
                JsonNode thread = n.get("thread");
                if (object(thread, "$.thread")) {
                    string(thread, "$.thread", "threadKey", false);
                    string(thread, "$.thread", "name", false);
                    if (!thread.has("threadKey") && !thread.has("name")) {
                        problem("$.thread", "has neither threadKey nor name");
                    }
                }
            }
            if (n.has("cardsV2")) {
                JsonNode cards = n.get("cardsV2");
                if (!cards.isArray() || cards.isEmpty()) {
                    problem("$.cardsV2", "is not a non-empty array");
                } else {
                    for (int i = 0; i < cards.size(); i++) {
                        cardWithId(cards.get(i), "$.cardsV2[" + i + "]");
                    }
                }
            }
            if (!n.has("text") && !n.has("cardsV2")) {
                problem("$", "has neither text nor cardsV2: Chat would reject an empty message");
            }
        }

        private void cardWithId(JsonNode n, String path) {
            if (!object(n, path)) {
                return;
            }
            string(n, path, "cardId", false);
            if (!n.has("card")) {
                problem(path, "has no card");
            } else {
                card(n.get("card"), path + ".card");
            }
        }

        private void card(JsonNode n, String path) {
            if (!object(n, path)) {
                return;
            }
            if (n.has("header")) {
                JsonNode header = n.get("header");
                String at = path + ".header";
                if (object(header, at)) {
                    string(header, at, "title", true);
                    string(header, at, "subtitle", false);
                    string(header, at, "imageUrl", false);
                    string(header, at, "imageAltText", false);
                }
            }
            JsonNode sections = n.get("sections");
            if (sections == null || !sections.isArray() || sections.isEmpty()) {
                problem(path, "has no sections");
                return;
            }
            for (int i = 0; i < sections.size(); i++) {
                section(sections.get(i), path + ".sections[" + i + "]");
            }
        }

        private void section(JsonNode n, String path) {
            if (!object(n, path)) {
                return;
            }
            string(n, path, "header", false);
            JsonNode widgets = n.get("widgets");
            if (widgets == null || !widgets.isArray() || widgets.isEmpty()) {
                problem(path, "has no widgets");
                return;
            }
            if (n.has("collapsible") && !n.get("collapsible").isBoolean()) {
                problem(path + ".collapsible", "is not a boolean");
            }
            if (n.has("uncollapsibleWidgetsCount")) {
                JsonNode count = n.get("uncollapsibleWidgetsCount");
                if (!count.isInt() || count.asInt() < 0) {
                    problem(path + ".uncollapsibleWidgetsCount", "is not a non-negative integer");
                } else if (count.asInt() >= widgets.size()) {
                    problem(path + ".uncollapsibleWidgetsCount", "leaves nothing to collapse");
                }
                if (!n.path("collapsible").asBoolean(false)) {
                    problem(path + ".uncollapsibleWidgetsCount", "is set on a section that is not collapsible");
                }
            }
            for (int i = 0; i < widgets.size(); i++) {
                widget(widgets.get(i), path + ".widgets[" + i + "]");
            }
        }

        private void widget(JsonNode n, String path) {
            if (!n.isObject()) {
                problem(path, "is not an object");
                return;
            }
            List<String> kinds = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (WIDGET_KINDS.contains(name)) {
                    kinds.add(name);
                }
            }
            if (kinds.size() != 1) {
                problem(path, "holds " + kinds.size() + " widget kinds " + kinds + ", not exactly one");
                return;
            }
            String kind = kinds.get(0);
            JsonNode value = n.get(kind);
            String at = path + "." + kind;
            switch (kind) {
                case "textParagraph":
                    if (object(value, at)) {
                        string(value, at, "text", true);
                    }
                    break;
                case "decoratedText":
                    if (object(value, at)) {
                        string(value, at, "text", true);
                        string(value, at, "topLabel", false);
                        string(value, at, "bottomLabel", false);
                        if (value.has("wrapText") && !value.get("wrapText").isBoolean()) {
                            problem(at + ".wrapText", "is not a boolean");
                        }
                        if (value.has("onClick")) {
                            onClick(value.get("onClick"), at + ".onClick");
                        }
                        if (value.has("button")) {
                            button(value.get("button"), at + ".button");
                        }
                    }
                    break;
                case "buttonList":
                    if (object(value, at)) {
                        JsonNode buttons = value.get("buttons");
                        if (buttons == null || !buttons.isArray() || buttons.isEmpty()) {
                            problem(at, "has no buttons");
                        } else {
                            for (int i = 0; i < buttons.size(); i++) {
                                button(buttons.get(i), at + ".buttons[" + i + "]");
                            }
                        }
                    }
                    break;
                case "divider":
                    if (!value.isObject() || !value.isEmpty()) {
                        problem(at, "is not an empty object");
                    }
                    break;
                default:
                    // Allowed by the schema; the renderer has no reason to write it, so it is not walked.
                    if (!value.isObject()) {
                        problem(at, "is not an object");
                    }
            }
        }

        private void button(JsonNode n, String path) {
            if (!object(n, path)) {
                return;
            }
            string(n, path, "text", false);
            string(n, path, "altText", false);
            if (!n.hasNonNull("text") && !n.hasNonNull("icon")) {
                problem(path, "has neither text nor icon");
            }
            if (!n.has("onClick")) {
                problem(path, "has no onClick");
            } else {
                onClick(n.get("onClick"), path + ".onClick");
            }
        }

        private void onClick(JsonNode n, String path) {
            if (!object(n, path)) {
                return;
            }
            if (n.size() != 1) {
                problem(path, "holds " + n.size() + " actions, not exactly one");
            }
            if (n.has("openLink")) {
                JsonNode openLink = n.get("openLink");
                String at = path + ".openLink";
                if (object(openLink, at)) {
                    string(openLink, at, "url", true);
                    String url = openLink.path("url").asText("");
                    if (!url.startsWith("https://") && !url.startsWith("http://")) {
                        problem(at + ".url", "is not an http(s) URL: " + url);
                    }
                }
            }
        }

        /** Checks that {@code n} is an object; false if it is not. */
        private boolean object(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                problem(path, "is not an object");
                return false;
            }
            return true;
        }

        private void string(JsonNode parent, String path, String field, boolean required) {
            JsonNode value = parent.get(field);
            if (value == null) {
                if (required) {
                    problem(path + "." + field, "is missing");
                }
                return;
            }
            if (!value.isTextual()) {
                problem(path + "." + field, "is not a string");
            } else if (required && value.asText().isBlank()) {
                problem(path + "." + field, "is empty");
            }
        }

        private void problem(String path, String what) {
            problems.add(path + " " + what);
        }
    }

    // ---------------------------------------------------------------- the walker itself

    @Test
    void walkerAcceptsAWellFormedCard() {
        assertThat(problemsOf("{\"text\":\"<users/all>\",\"fallbackText\":\"f\",\"thread\":{\"threadKey\":\"k\"},"
                        + "\"cardsV2\":[{\"cardId\":\"a\",\"card\":{\"header\":{\"title\":\"t\",\"subtitle\":\"s\"},\"sections\":["
                        + "{\"header\":\"h\",\"collapsible\":true,\"uncollapsibleWidgetsCount\":1,\"widgets\":["
                        + "{\"textParagraph\":{\"text\":\"x\"}},{\"decoratedText\":{\"topLabel\":\"l\",\"text\":\"v\",\"wrapText\":true}}]},"
                        + "{\"widgets\":[{\"divider\":{}},{\"buttonList\":{\"buttons\":[{\"text\":\"Open\","
                        + "\"onClick\":{\"openLink\":{\"url\":\"https://x\"}}}]}}]}]}}]}"))
                .isEmpty();
    }

    @Test
    void googlesModelRejectsUnknownFieldsAtEveryLevel() {
        assertThat(problemsOf("{\"text\":\"x\",\"markupSyntax\":\"MARKDOWN\"}"))
                .singleElement()
                .asString()
                .contains("$.markupSyntax");
        assertThat(problemsOf("{\"text\":\"x\",\"thread\":{\"threadKey\":\"k\",\"key\":\"k\"}}"))
                .singleElement()
                .asString()
                .contains("$.thread.key");
        assertThat(problemsOf(card("{\"header\":{\"title\":\"t\",\"color\":\"red\"},"
                        + "\"sections\":[{\"widgets\":[{\"textParagraph\":{\"text\":\"x\"}}]}]}")))
                .singleElement()
                .asString()
                .contains("header.color");
        assertThat(problemsOf(
                        card("{\"sections\":[{\"widgets\":[{\"textParagraph\":{\"text\":\"x\",\"html\":true}}]}]}")))
                .singleElement()
                .asString()
                .contains("textParagraph.html");
        assertThat(problemsOf(card("{\"sections\":[{\"widgets\":[{\"buttonList\":{\"buttons\":[{\"text\":\"b\","
                        + "\"onClick\":{\"openLink\":{\"url\":\"https://x\",\"target\":\"_blank\"}}}]}}]}]}")))
                .singleElement()
                .asString()
                .contains("openLink.target");
    }

    @Test
    void walkerRejectsStructuralMistakes() {
        assertThat(problemsOf(card("{\"sections\":[{\"widgets\":[{}]}]}")))
                .singleElement()
                .asString()
                .contains("0 widget kinds");
        assertThat(problemsOf(
                        card("{\"sections\":[{\"widgets\":[{\"textParagraph\":{\"text\":\"x\"},\"divider\":{}}]}]}")))
                .singleElement()
                .asString()
                .contains("2 widget kinds");
        assertThat(problemsOf(
                        card("{\"header\":{\"subtitle\":\"s\"},\"sections\":[{\"widgets\":[{\"divider\":{}}]}]}")))
                .singleElement()
                .asString()
                .contains("header.title is missing");
        assertThat(problemsOf(card("{\"header\":{\"title\":\"\"},\"sections\":[{\"widgets\":[{\"divider\":{}}]}]}")))
                .singleElement()
                .asString()
                .contains("header.title is empty");
        assertThat(problemsOf(card("{\"sections\":[{\"header\":\"h\",\"widgets\":[]}]}")))
                .singleElement()
                .asString()
                .contains("has no widgets");
        assertThat(problemsOf(card("{\"sections\":[{\"widgets\":[{\"textParagraph\":{}}]}]}")))
                .singleElement()
                .asString()
                .contains("textParagraph.text is missing");
        assertThat(problemsOf(card("{\"sections\":[{\"widgets\":[{\"decoratedText\":{\"topLabel\":\"l\"}}]}]}")))
                .singleElement()
                .asString()
                .contains("decoratedText.text is missing");
        // A value of the wrong type: Google's model does not read it at all.
        assertThat(problemsOf(card("{\"sections\":[{\"widgets\":[{\"textParagraph\":{\"text\":42}}]}]}")))
                .anySatisfy(problem -> assertThat(problem).contains("does not read as Google's Message"))
                .anySatisfy(problem -> assertThat(problem).contains("textParagraph.text is not a string"));
    }

    // ---------------------------------------------------------------- every option combination

    /** One combination of options; {@code toString} names it in the report. */
    static final class Combination {
        final AlertFormat format;
        final boolean context;
        final boolean mdc;
        final boolean link;
        final List<String> mentions;
        final boolean appPackages;

        Combination(
                AlertFormat format,
                boolean context,
                boolean mdc,
                boolean link,
                List<String> mentions,
                boolean appPackages) {
            this.format = format;
            this.context = context;
            this.mdc = mdc;
            this.link = link;
            this.mentions = mentions;
            this.appPackages = appPackages;
        }

        TestOptions options() {
            TestOptions options = TestOptions.defaults(context ? "checkout" : null, context ? "prod" : null, HOST)
                    .withFormat(format)
                    .withMentions(mentions);
            if (mdc) {
                options = options.withMdcKeys(List.of("traceId", "tenant", "notSet"));
            }
            if (link) {
                options = options.withLinkTemplate(
                        "https://logs.example.com/q?trace={mdc:traceId}&t={mdc:tenant}&l={logger}&lv={level}"
                                + "&x={exception}&a={applicationName}&e={environment}&m={mdc:notSet}");
            }
            if (appPackages) {
                options = options.withAppPackages(List.of("com.acme"));
            }
            return options;
        }

        @Override
        public String toString() {
            return format
                    + (context ? " app+env" : "")
                    + (mdc ? " mdcKeys" : "")
                    + (link ? " link" : "")
                    + (mentions.isEmpty() ? "" : " mentions=" + mentions)
                    + (appPackages ? " appPackages" : "");
        }
    }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        List<List<String>> mentionChoices =
                List.of(List.of(), List.of("users/all"), List.of("users/all", "users/123456789012345678901"));
        for (AlertFormat format : AlertFormat.values()) {
            for (boolean context : new boolean[] {false, true}) {
                for (boolean mdc : new boolean[] {false, true}) {
                    for (boolean link : new boolean[] {false, true}) {
                        for (List<String> mentions : mentionChoices) {
                            for (boolean appPackages : new boolean[] {false, true}) {
                                all.add(Arguments.of(
                                        new Combination(format, context, mdc, link, mentions, appPackages)));
                            }
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    /**
     * Each scenario, as the first message of its group and as a follow-up (the same group rendered
     * again after {@code delivered}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void everyBodyConformsForEveryCombinationOfOptions(Combination combination) {
        Map<String, Function<Map<String, String>, AlertBatch>> scenarios = new LinkedHashMap<>();
        scenarios.put("one-error", GoldenRenderingTest::oneError);
        scenarios.put("three-causes", GoldenRenderingTest::threeCauses);
        scenarios.put("storm", GoldenRenderingTest::storm);
        scenarios.put("no-exception", GoldenRenderingTest::noException);
        scenarios.put("deep-framework-trace", SchemaConformanceTest::deepFrameworkTrace);
        scenarios.put("hostile", SchemaConformanceTest::hostile);
        scenarios.put("huge", SchemaConformanceTest::huge);
        scenarios.put("empty", SchemaConformanceTest::empty);
        Map<String, String> mdc = Map.of("traceId", "a b&c=<d>|e>", "tenant", "<users/all> \"acme\"");

        List<AlertBatch> all = new ArrayList<>();
        for (Map.Entry<String, Function<Map<String, String>, AlertBatch>> scenario : scenarios.entrySet()) {
            MessageRenderer renderer = TestOptions.renderer(combination.options());
            AlertBatch first = scenario.getValue().apply(mdc);
            assertConforms(renderer.render(first), combination.format, scenario.getKey() + " first");

            renderer.delivered(first);
            AlertBatch again = scenario.getValue().apply(mdc);
            again.add(GoldenRenderingTest.event(
                    T0 + 5000,
                    "com.acme.checkout.OrderService",
                    "http-1",
                    "A message not seen before in this thread",
                    null,
                    mdc,
                    null));
            assertConforms(renderer.render(again), combination.format, scenario.getKey() + " follow-up");
            assertConforms(
                    renderer.renderResolved(new ResolvedNote(first, 1234, T0, T0 + 304_000, 300_000)),
                    combination.format,
                    scenario.getKey() + " resolved");
            all.add(scenario.getValue().apply(mdc));
        }
        // A digest is Chat text in either format.
        byte[] digest = TestOptions.renderer(combination.options()).renderDigest(all, "digest-0123456789ab");
        assertConforms(digest, AlertFormat.TEXT, "digest of every scenario");
    }

    @Test
    void randomHostileInputsConformInBothFormats() {
        Random random = new Random(20261129L);
        for (int run = 0; run < 50; run++) {
            AlertFormat format = run % 2 == 0 ? AlertFormat.TEXT : AlertFormat.CARD;
            TestOptions options = TestOptions.defaults(
                            randomData(random, 300), randomData(random, 300), randomData(random, 300))
                    .withFormat(format);
            if (random.nextBoolean()) {
                options = options.withMdcKeys(List.of("k1", "k2", "k3"));
            }
            if (random.nextBoolean()) {
                options = options.withLinkTemplate("https://logs.example.com/?a={mdc:k1}&b={mdc:k2}&l={logger}");
            }
            if (random.nextBoolean()) {
                options = options.withMentions(List.of("users/all"));
            }
            if (random.nextBoolean()) {
                options = options.withAppPackages(List.of("com.acme"));
            }
            MessageRenderer renderer = TestOptions.renderer(options);
            String key = "key-" + run;
            AlertBatch batch = new AlertBatch(key, randomEvent(random), 0);
            for (int i = random.nextInt(4) == 0 ? random.nextInt(20) : 0; i > 0; i--) {
                batch.add(randomEvent(random));
            }

            assertConforms(renderer.render(batch), format, "run " + run + " first");
            renderer.delivered(batch);
            AlertBatch again = new AlertBatch(key, randomEvent(random), 0);
            again.add(randomEvent(random));
            assertConforms(renderer.render(again), format, "run " + run + " follow-up");
        }
    }

    /**
     * A heavy but plausible configuration: eight MDC keys shown as details, two of them also in the
     * link, every value {@value AlertEvent#MAX_MDC_VALUE_CHARS} characters that HTML- and URL-encode
     * to their longest forms, on the huge batch.
     */
    @Test
    void manyMdcKeysAndALinkStillFit() {
        assertMaximalMdcFits(8, "https://logs.example.com/?a={mdc:key1}&b={mdc:key3}");
    }

    /**
     * The same at the limits of the MDC: {@value AlertEvent#MAX_MDC_ENTRIES} keys shown, four in the
     * link. The details, the listed messages, the title and the link are never shrunk; only the trace
     * and the message are, so once the rest alone passes 32,000 bytes the renderer gives up.
     */
    @Test
    void maximalMdcAndLinkStillFit() {
        assertMaximalMdcFits(
                AlertEvent.MAX_MDC_ENTRIES,
                "https://logs.example.com/?a={mdc:key1}&b={mdc:key3}&c={mdc:key5}&d={mdc:key7}");
    }

    private static void assertMaximalMdcFits(int keyCount, String template) {
        List<String> keys = new ArrayList<>();
        Map<String, String> mdc = new LinkedHashMap<>();
        for (int i = 0; i < keyCount; i++) {
            String key = "key" + i;
            keys.add(key);
            mdc.put(key, (i % 2 == 0 ? "\"" : "\u20AC").repeat(AlertEvent.MAX_MDC_VALUE_CHARS));
        }
        for (AlertFormat format : AlertFormat.values()) {
            TestOptions options = TestOptions.defaults("checkout", "prod", HOST)
                    .withFormat(format)
                    .withMdcKeys(keys)
                    .withLinkTemplate(template)
                    .withMentions(List.of("users/all"));

            assertConforms(TestOptions.renderer(options).render(huge(mdc)), format, keyCount + " MDC keys");
        }
    }

    // ---------------------------------------------------------------- bugs found

    /**
     * AlertEvent caps the logger and thread names at 512 characters but not the level; LinkTemplate
     * URL-encodes {@code {level}} into the link without bound; CardMessage writes the link as the
     * button's URL, and MessageRenderer.card only shrinks the trace and the message, then gives up and
     * returns the oversized body.
     */
    @Test
    void aHugeLevelInTheLinkStillFitsTheCard() {
        TestOptions options = TestOptions.defaults("checkout", "prod", HOST)
                .withFormat(AlertFormat.CARD)
                .withLinkTemplate("https://logs.example.com/?level={level}");

        byte[] body = TestOptions.renderer(options).render(huge(Map.of(), BIG));

        assertConforms(body, AlertFormat.CARD, "huge level in the link");
    }

    /**
     * The "Details" section writes one decoratedText per detail, also when its value is empty (an
     * empty thread name, an MDC value ""): {@code "text": ""} is the proto3 default, i.e. the
     * required text is missing. (The host is skipped when blank; the thread and MDC values are not.)
     */
    @Test
    void anEmptyDetailValueGivesNoEmptyDecoratedText() {
        TestOptions options = TestOptions.defaults("checkout", "prod", HOST)
                .withFormat(AlertFormat.CARD)
                .withMdcKeys(List.of("traceId"));
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .loggerName("com.acme.Job")
                .threadName("")
                .message("failed")
                .mdc(Map.of("traceId", ""))
                .build();

        byte[] body = TestOptions.renderer(options).render(new AlertBatch("k", event, 0));

        assertConforms(body, AlertFormat.CARD, "empty thread name and MDC value");
    }

    // ---------------------------------------------------------------- checks

    static void assertConforms(byte[] body, AlertFormat format, String what) {
        assertThat(body.length).as("%s: body bytes", what).isLessThanOrEqualTo(GoogleChatLimits.MAX_MESSAGE_BYTES);
        assertThat(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                .as("%s: body is valid UTF-8", what)
                .isEqualTo(body);
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": body is not JSON", e);
        }
        assertThat(problemsOf(root.toString()))
                .as("%s: schema problems in%n%s", what, root)
                .isEmpty();

        assertThat(root.has("thread")).as("%s: thread", what).isTrue();
        if (format == AlertFormat.TEXT) {
            assertThat(root.has("cardsV2"))
                    .as("%s: a TEXT message has no card", what)
                    .isFalse();
            assertThat(root.path("text").asText()).as("%s: TEXT has text", what).isNotEmpty();
        } else {
            assertThat(root.has("cardsV2"))
                    .as("%s: a CARD message has a card", what)
                    .isTrue();
            assertThat(root.path("fallbackText").asText())
                    .as("%s: fallbackText", what)
                    .isNotBlank();
            try {
                assertThat(JSON.writeValueAsBytes(root.get("cardsV2")).length)
                        .as("%s: cardsV2 bytes", what)
                        .isLessThanOrEqualTo(GoogleChatLimits.MAX_MESSAGE_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (root.has("text")) {
            assertThat(root.get("text").asText().length())
                    .as("%s: text chars", what)
                    .isLessThanOrEqualTo(GoogleChatLimits.MAX_TEXT_CHARS);
        }
    }

    /** What Google's model does not know, then what breaks the rules it does not encode. */
    private static List<String> problemsOf(String json) {
        List<String> problems = new ArrayList<>(GoogleChatModel.problems(json));
        try {
            problems.addAll(SchemaWalker.problems(JSON.readTree(json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    private static String card(String card) {
        return "{\"cardsV2\":[{\"cardId\":\"a\",\"card\":" + card + "}]}";
    }

    // ---------------------------------------------------------------- more scenarios

    /** Application frames deep under framework frames, for {@code appPackages}. */
    static AlertBatch deepFrameworkTrace(Map<String, String> mdc) {
        List<StackTraceElement> frames = new ArrayList<>();
        frames.add(new StackTraceElement(
                "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", "convert", "SqlExceptionHelper.java", 64));
        for (int i = 0; i < 30; i++) {
            frames.add(new StackTraceElement(
                    "org.springframework.aop.framework.Proxy" + i, "proceed", "Proxy.java", i + 1));
        }
        frames.add(new StackTraceElement("com.acme.checkout.OrderService", "placeOrder", "OrderService.java", 42));
        for (int i = 0; i < 30; i++) {
            frames.add(new StackTraceElement("org.springframework.web.Filter" + i, "doFilter", "Filter.java", i + 1));
        }
        ThrowableSnapshot thrown = new ThrowableSnapshot(
                "org.hibernate.exception.LockAcquisitionException",
                "could not execute statement",
                frames,
                0,
                null,
                null);
        return new AlertBatch(
                "OrderService.LockAcquisitionException-1",
                GoldenRenderingTest.event(
                        T0,
                        "com.acme.checkout.OrderService",
                        "http-1",
                        "Order 42 could not be saved",
                        null,
                        mdc,
                        thrown),
                0);
    }

    /** Every field carries characters that mean something to JSON, HTML, Chat text or Unicode. */
    static AlertBatch hostile(Map<String, String> mdc) {
        String h = "\"\\\u0000\u0007\r\n\t\u202E\u2066\uD834\uDD1E\u20AC\uD800x\uDC00<users/all><https://evil|x>"
                + "<b>bold</b> & ``` * _ ~ \u007F\u0085\u2028";
        Map<String, String> hostileMdc = new LinkedHashMap<>(mdc);
        hostileMdc.put("traceId", h);
        ThrowableSnapshot cause = new ThrowableSnapshot(
                h,
                h,
                List.of(new StackTraceElement(h, h, h, -2)),
                1,
                null,
                List.of(new ThrowableSnapshot(h, h, List.of(new StackTraceElement(h, h, null, 3)), 0, null, null)));
        ThrowableSnapshot top = new ThrowableSnapshot(
                "com.acme." + h,
                h,
                List.of(new StackTraceElement(h, h, h, 1), new StackTraceElement("com.acme.X", "y", "X.java", 2)),
                0,
                cause,
                null);
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .level(h)
                .loggerName(h)
                .threadName(h)
                .message(h)
                .messagePattern(h)
                .mdc(hostileMdc)
                .throwable(top)
                .build();
        AlertBatch batch = new AlertBatch("hostile", event, 0);
        for (int i = 0; i < 8; i++) {
            batch.add(GoldenRenderingTest.event(T0 + i, h, h, h + (char) ('a' + i), null, hostileMdc, null));
        }
        return batch;
    }

    /** A megabyte of characters that JSON-, HTML- and URL-encode to their longest forms. */
    private static final String BIG = "\"<&\u20AC\uD834\uDD1E\t\n".repeat(1024 * 1024 / 8);
    /** Ten other huge messages, each with its own pattern (built once: the tests are meant to be fast). */
    private static final List<String> BIG_OTHERS = bigOthers();

    private static List<String> bigOthers() {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add((char) ('a' + i) + BIG.substring(0, AlertEvent.MAX_MESSAGE_CHARS + 10));
        }
        return others;
    }

    /**
     * A megabyte of data in every field but the level (see {@link #aHugeLevelInTheLinkStillFitsTheCard()})
     * and a 10,000-frame trace with causes and 200 suppressed throwables.
     */
    static AlertBatch huge(Map<String, String> mdc) {
        return huge(mdc, "ERROR");
    }

    static AlertBatch huge(Map<String, String> mdc, String level) {
        String big = BIG;
        List<StackTraceElement> frames = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            frames.add(new StackTraceElement(
                    "com.acme.deep.package.name.Service" + (i % 7), "call\"<" + i, "Service.java", i));
        }
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            suppressed.add(new ThrowableSnapshot("com.acme.Suppressed" + i, big, frames, 2, null, null));
        }
        ThrowableSnapshot root = new ThrowableSnapshot("com.acme.Root", big, frames, 5, null, suppressed);
        ThrowableSnapshot top = new ThrowableSnapshot(
                "com.acme." + big,
                big,
                frames,
                0,
                new ThrowableSnapshot("com.acme.Middle", big, frames, 3, root, suppressed),
                suppressed);
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .level(level)
                .loggerName(big)
                .threadName(big)
                .message(big)
                .messagePattern(big)
                .mdc(mdc)
                .throwable(top)
                .build();
        AlertBatch batch = new AlertBatch("huge", event, 0);
        for (int i = 0; i < 10; i++) {
            batch.add(GoldenRenderingTest.event(T0 + i * 1000L, big, big, BIG_OTHERS.get(i), null, mdc, null));
        }
        return batch;
    }

    /**
     * Empty message, no logger, a throwable without message or frames. (An empty thread name is
     * left to {@link #anEmptyDetailValueGivesNoEmptyDecoratedText()}.)
     */
    static AlertBatch empty(Map<String, String> mdc) {
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(T0)
                .level("ERROR")
                .loggerName("")
                .threadName("main")
                .message("")
                .mdc(mdc)
                .throwable(new ThrowableSnapshot("Boom", null, null, 0, null, null))
                .build();
        return new AlertBatch("empty", event, 0);
    }

    private static final String[] PIECES = {
        "\"",
        "\\",
        "\uD834\uDD1E",
        "\u20AC",
        "<",
        "<users/all>",
        "<https://x|y>",
        "\u0000",
        "\r",
        "\n",
        "\t",
        "\uD834",
        "\uDD1E",
        "\u202E",
        "&",
        "&amp;",
        "<br>",
        "</b>",
        ">",
        "a",
        "9",
        " ",
        "*",
        "```",
        "\u4E2D",
        "\u2028",
        "\u2029",
        "\u0085",
        "\u000B",
        "\u000C",
    };

    private static String randomData(Random random, int maxLength) {
        int length = random.nextInt(12) == 0 ? random.nextInt(12_000) : random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length + 16);
        while (s.length() < length) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static AlertEvent randomEvent(Random random) {
        Map<String, String> mdc = new LinkedHashMap<>();
        for (String key : List.of("k1", "k2", "k3")) {
            if (random.nextBoolean()) {
                mdc.put(key, "v" + randomData(random, 300));
            }
        }
        return AlertEvent.builder()
                .timestampMillis(T0 + random.nextInt(10_000_000))
                .level(random.nextBoolean() ? "ERROR" : randomData(random, 20))
                .loggerName(random.nextBoolean() ? "com.acme." + randomData(random, 50) : randomData(random, 600))
                .threadName("t" + randomData(random, 200)) // not empty: see anEmptyDetailValueGivesNoEmptyDecoratedText
                .message(randomData(random, 3000))
                .mdc(random.nextBoolean() ? mdc : Collections.emptyMap())
                .throwable(random.nextInt(4) == 0 ? null : randomThrowable(random, 0))
                .build();
    }

    private static ThrowableSnapshot randomThrowable(Random random, int depth) {
        ThrowableSnapshot cause =
                depth < 20 && random.nextInt(depth < 3 ? 2 : 8) != 0 ? randomThrowable(random, depth + 1) : null;
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        if (random.nextInt(5) == 0) {
            for (int i = random.nextInt(12); i > 0; i--) {
                suppressed.add(new ThrowableSnapshot(
                        randomData(random, 40),
                        randomData(random, 100),
                        randomFrames(random),
                        random.nextInt(5),
                        null,
                        null));
            }
        }
        return new ThrowableSnapshot(
                random.nextBoolean() ? "com.acme.Ex" + depth : randomData(random, 300) + ".Ex",
                random.nextInt(4) == 0 ? null : randomData(random, 2500),
                randomFrames(random),
                depth == 0 ? 0 : random.nextInt(50),
                cause,
                suppressed);
    }

    private static List<StackTraceElement> randomFrames(Random random) {
        int n = random.nextInt(5) == 0 ? random.nextInt(500) : random.nextInt(40);
        List<StackTraceElement> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(
                    random.nextInt(3) == 0
                            ? new StackTraceElement(
                                    randomData(random, 200), randomData(random, 40), randomData(random, 40), i)
                            : new StackTraceElement(
                                    (random.nextBoolean() ? "com.acme.S" : "org.framework.F") + i,
                                    "call",
                                    "S.java",
                                    i));
        }
        return frames;
    }
}
