package io.github.gchatappender.core.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-11-29T10:02:11.123Z").toEpochMilli();
    private static final String FENCE = "```";

    private final MessageRenderer renderer = TestOptions.renderer("checkout", "prod", "web-1");

    // ---------------------------------------------------------------- content

    @Test
    void textShowsEverythingAboutTheEvent() {
        IllegalStateException failure =
                new IllegalStateException("inventory locked", new IOException("disk unavailable"));
        AlertBatch batch = batchOf(event("Order 42 could not be reserved", ThrowableSnapshot.of(failure)));

        String text = renderer.text(batch);

        assertThat(text).startsWith("*ERROR* IllegalStateException in OrderService \u00B7 checkout \u00B7 prod\n");
        assertThat(text).contains("Order 42 could not be reserved\n");
        assertThat(text).contains("java.lang.IllegalStateException: inventory locked\n");
        assertThat(text).contains("Caused by: java.io.IOException: disk unavailable\n");
        assertThat(text).contains("\tat " + getClass().getName());
        assertThat(text).contains("logger com.acme.OrderService");
        assertThat(text).contains("thread http-1");
        assertThat(text).contains("host web-1");
        assertThat(text).endsWith("2026-11-29T10:02:11.123Z");
        assertThat(text).doesNotContain("\u00D7"); // a single event: no count
        assertThat(countOf(text, FENCE)).isEqualTo(2);
    }

    @Test
    void applicationEnvironmentAndHostAreLeftOutWhenNotSet() {
        MessageRenderer bare = TestOptions.renderer(null, "  ", (String) null);
        AlertBatch batch = batchOf(event("plain failure", null));

        String text = bare.text(batch);

        assertThat(text).startsWith("*ERROR* in OrderService\n");
        assertThat(text).doesNotContain("host ").doesNotContain("checkout").doesNotContain("prod");
        assertThat(text).doesNotContain(FENCE); // no throwable, no code block
        assertThat(text)
                .isEqualTo("*ERROR* in OrderService\nplain failure\n"
                        + "logger com.acme.OrderService \u00B7 thread http-1 \u00B7 time 2026-11-29T10:02:11.123Z");
    }

    @Test
    void onlyEnvironmentSet() {
        String text = TestOptions.renderer("", "staging", "h").text(batchOf(event("m", null)));

        assertThat(text).startsWith("*ERROR* in OrderService \u00B7 staging\n");
    }

    @Test
    void messagesDifferingOnlyInNumbersFoldIntoOneEntryAndOthersAreListed() {
        AlertBatch batch = batchOf(event("Order 42 failed", null));
        batch.add(eventAt(T0 + 1000, "Order 42 failed", null));
        batch.add(eventAt(T0 + 2000, "Order 43 failed", null));
        batch.add(eventAt(T0 + 3000, "Payment timed out", null));
        batch.add(eventAt(T0 + 4000, "Order 43 failed", null));

        String text = renderer.text(batch);

        // "Order 42 failed" and "Order 43 failed" share a pattern: one entry, counted with its time span.
        assertThat(text).contains("Order 42 failed\n\u00D74 in 4 s (first 10:02:11Z, last 10:02:15Z)\n");
        assertThat(text).contains("\u2022 Payment timed out\n");
        assertThat(text).doesNotContain("Order 43 failed");
    }

    @Test
    void batchBeyondListedMessagesSaysHowManyMore() {
        AlertBatch batch = batchOf(event("first", null));
        int listable = AlertBatch.MAX_ENTRIES - 1;
        for (int i = 0; i < listable + 3; i++) {
            batch.add(eventAt(T0 + 180_000, "other " + (char) ('a' + i), null));
        }

        String text = renderer.text(batch);

        assertThat(countOf(text, "\u2022 other ")).isEqualTo(listable);
        assertThat(text).contains("\u2022 and 3 more with other messages\n");
    }

    @Test
    void longMessageIsCutWithEllipsis() {
        String message = "x".repeat(5000);

        String text = renderer.text(batchOf(event(message, null)));

        assertThat(text).contains("x".repeat(TextMessage.MAX_MESSAGE_CHARS - 1) + "\u2026\n");
        assertThat(text).doesNotContain("x".repeat(TextMessage.MAX_MESSAGE_CHARS));
    }

    @Test
    void logDataIsNeutralisedEverywhere() {
        AlertEvent e = AlertEvent.builder()
                .timestampMillis(T0)
                .level("ERROR")
                .loggerName("com.acme.<users/all>")
                .threadName("<users/all>")
                .message("ping <users/all> and <https://evil|click>")
                .throwable(new ThrowableSnapshot("com.acme.Boom", "<users/all> `` ```", null, 0, null, null))
                .build();
        AlertBatch batch = batchOf(e);
        batch.add(eventAt(T0, "other <users/all>", null));

        String text = TestOptions.renderer("<users/all>", "<users/all>", "<users/all>")
                .text(batch);

        assertThat(text).doesNotContain("<");
        assertThat(text).contains("\u2039users/all>");
        assertThat(countOf(text, FENCE)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- JSON body

    @Test
    void bodyHasExactlyTextAndThreadKey() throws IOException {
        AlertBatch batch = batchOf(event(
                "Order 42 \"failed\" \\ \u20AC \uD834\uDD1E", ThrowableSnapshot.of(new IllegalStateException("boom"))));

        byte[] body = renderer.render(batch);
        JsonNode root = JSON.readTree(body);

        assertThat(fieldNames(root)).containsExactlyInAnyOrder("text", "thread");
        assertThat(fieldNames(root.get("thread"))).containsExactly("threadKey");
        assertThat(root.get("thread").get("threadKey").asText())
                .isEqualTo("OrderService.IllegalStateException-0123456789ab");
        assertThat(root.get("text").isTextual()).isTrue();
        assertThat(root.get("text").asText()).isEqualTo(renderer.text(batch));
        assertThat(root.get("text").asText()).contains("Order 42 \"failed\" \\ \u20AC \uD834\uDD1E");
        assertThat(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    // ---------------------------------------------------------------- hostile input

    @Test
    void oneMegabyteMessageStaysWithinLimits() {
        String huge = "\"\\\uD834\uDD1E\u20AC<`\u0000".repeat(1024 * 1024 / 8);
        AlertEvent e = AlertEvent.builder()
                .timestampMillis(T0)
                .loggerName(huge)
                .threadName(huge)
                .message(huge)
                .messagePattern(huge)
                .throwable(new ThrowableSnapshot("com.acme." + huge, huge, null, 0, null, null))
                .build();
        AlertBatch batch = batchOf(e);
        for (int i = 0; i < 20; i++) {
            batch.add(eventAt(T0, i + huge, null));
        }

        assertWithinLimits(TestOptions.renderer(huge, huge, huge), batch);
    }

    @Test
    void tenThousandFramesStayWithinLimitsAndAreMarkedOmitted() {
        ThrowableSnapshot top =
                new ThrowableSnapshot("com.acme.Top", "top failure", frames(10_000, "Top"), 0, null, null);

        String text = renderer.text(batchOf(event("m", top)));

        assertThat(text).contains("com.acme.Top: top failure");
        assertThat(text).contains("frames omitted");
        assertThat(text).contains("... " + (10_000 - 16) + " frames omitted");
        assertWithinLimits(renderer, batchOf(event("m", top)));
    }

    @Test
    void rootCauseSurvivesTrimmingOfAHugeConstructedChain() {
        ThrowableSnapshot chain =
                new ThrowableSnapshot("com.acme.RootCause", "disk full", frames(10_000, "Root"), 3, null, null);
        for (int level = 49; level >= 1; level--) {
            chain = new ThrowableSnapshot(
                    "com.acme.Wrapper" + level,
                    "wrapped ".repeat(200) + level,
                    frames(10_000, "W" + level),
                    3,
                    chain,
                    suppressedList(level));
        }
        ThrowableSnapshot top = new ThrowableSnapshot(
                "com.acme.Top", "top " + "\"\\".repeat(1000), frames(10_000, "Top"), 0, chain, null);

        AlertBatch batch = batchOf(event("deep", top));
        String text = renderer.text(batch);

        assertThat(text).contains("com.acme.Top: top");
        assertThat(text).contains("Caused by: com.acme.RootCause: disk full");
        assertThat(countOf(text, FENCE)).isEqualTo(2);
        assertWithinLimits(renderer, batch);
    }

    @Test
    void rootCauseOfAFiftyLevelChainIsShownWhenTheChainFits() {
        ThrowableSnapshot chain =
                new ThrowableSnapshot("com.acme.RootCause", "disk full", frames(3, "Root"), 1, null, null);
        for (int level = 49; level >= 1; level--) {
            chain = new ThrowableSnapshot("W" + level, null, List.of(), 0, chain, null);
        }

        String text = renderer.text(batchOf(event("deep", chain)));

        assertThat(text).contains("Caused by: com.acme.RootCause: disk full");
        assertThat(countOf(text, "Caused by: ")).isEqualTo(49);
    }

    @Test
    void rootCauseOfAFiftyLevelLiveChainIsShown() {
        Throwable chain = new IllegalStateException("RootCause: disk full");
        for (int level = 49; level >= 1; level--) {
            chain = new RuntimeException("wrapper " + level, chain);
        }

        String text = renderer.text(batchOf(event("deep", ThrowableSnapshot.of(chain))));

        assertThat(text)
                .contains("Caused by: java.lang.IllegalStateException: RootCause: disk full")
                .contains("... 34 causes omitted");
    }

    @Test
    void liveFiftyLevelChainStaysWithinLimits() {
        Throwable chain = new IllegalStateException("RootCause: disk full");
        for (int level = 49; level >= 1; level--) {
            RuntimeException wrapper = new RuntimeException("wrapper " + level + " " + "\"".repeat(3000), chain);
            wrapper.addSuppressed(new IllegalArgumentException("suppressed " + level));
            chain = wrapper;
        }

        assertWithinLimits(renderer, batchOf(event("deep", ThrowableSnapshot.of(chain))));
    }

    @Test
    void backticksInStackDataCannotCloseTheFence() {
        StackTraceElement frame = new StackTraceElement("com.```acme", "m```", "F```.java", 1);
        // Backticks anywhere but in the top's simple class name, which also goes into the first line.
        ThrowableSnapshot top = new ThrowableSnapshot(
                "com.```acme.Boom",
                "``` closes? ```",
                List.of(frame),
                0,
                new ThrowableSnapshot(
                        "x.```Cause",
                        "````",
                        List.of(frame),
                        0,
                        null,
                        List.of(new ThrowableSnapshot("s.```", "```", List.of(frame), 0, null, null))),
                null);

        String text = renderer.text(batchOf(event("msg", top)));

        assertThat(countOf(text, FENCE)).isEqualTo(2);
        int open = text.indexOf(FENCE + "\n");
        int close = text.indexOf(FENCE, open + FENCE.length());
        assertThat(text.substring(open + 4, close))
                .contains("Boom")
                .contains("Cause")
                .doesNotContain("`");
    }

    @Test
    void backticksInMessageAndFieldsCannotUnbalanceTheFence() {
        AlertEvent e = AlertEvent.builder()
                .timestampMillis(T0)
                .loggerName("com.acme.```Logger")
                .threadName("t```")
                .message("look: ``` here")
                .throwable(new ThrowableSnapshot("com.acme.```Boom", "boom", null, 0, null, null))
                .build();
        AlertBatch batch = batchOf(e);
        batch.add(eventAt(T0, "other ```", null));

        String text = TestOptions.renderer("app```", "env", "host").text(batch);

        assertThat(countOf(text, FENCE) % 2).as("``` count in:%n%s", text).isZero();
        // The only fences are the renderer's own, around the stack trace.
        assertThat(countOf(text, FENCE)).isEqualTo(2);
    }

    @Test
    void hostileCharactersInEveryFieldGiveValidJson() {
        String hostile = "\"\\\u0000\u0007\r\n\t\u202E\u2066\uD834\uDD1E\u20AC\uD800x\uDC00<users/all>\u007F\u0085";
        AlertEvent e = AlertEvent.builder()
                .timestampMillis(T0)
                .level(hostile)
                .loggerName(hostile)
                .threadName(hostile)
                .message(hostile)
                .throwable(new ThrowableSnapshot(
                        hostile, hostile, List.of(new StackTraceElement(hostile, hostile, hostile, -2)), 0, null, null))
                .build();
        AlertBatch batch = new AlertBatch("k", e, 0);
        batch.add(eventAt(T0, hostile + "2", null));

        String text = TestOptions.renderer(hostile, hostile, hostile).text(batch);

        assertWellFormedUtf16(text);
        assertThat(text)
                .doesNotContain("<")
                .doesNotContain("\u202E")
                .doesNotContain("\u2066")
                .doesNotContain("\u0000")
                .doesNotContain("\u0007")
                .doesNotContain("\r");
        assertThat(text).contains("\uD834\uDD1E").contains("\u20AC").contains("\uFFFD");
        assertWithinLimits(TestOptions.renderer(hostile, hostile, hostile), batch);
    }

    @Test
    void randomHostileInputsAlwaysStayWithinLimits() {
        Random random = new Random(20261129L);
        for (int run = 0; run < 300; run++) {
            AlertEvent first = randomEvent(random, true);
            AlertBatch batch = new AlertBatch("key-" + run, first, 0);
            int more = random.nextInt(4) == 0 ? random.nextInt(30) : 0;
            for (int i = 0; i < more; i++) {
                batch.add(randomEvent(random, false));
            }
            MessageRenderer r = TestOptions.renderer(
                    randomData(random, 300, false), randomData(random, 300, false), randomData(random, 300, false));

            String text = assertWithinLimits(r, batch);

            assertThat(countOf(text, FENCE) % 2)
                    .as("run %d: odd number of fences", run)
                    .isZero();
            if (first.throwable() != null && countOf(text, FENCE) == 2) {
                String root = first.throwable().rootCause().className();
                assertThat(text).as("run %d: root cause header", run).contains(ChatText.plain(SafeCut.head(root, 60)));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Checks every limit on one rendering; returns the text from the body. */
    private static String assertWithinLimits(MessageRenderer r, AlertBatch batch) {
        String text = r.text(batch);
        assertThat(text.length()).isLessThanOrEqualTo(GoogleChatLimits.MAX_TEXT_CHARS);
        assertWellFormedUtf16(text);
        assertThat(text).doesNotContain("<");

        byte[] body = r.render(batch);
        assertThat(body.length).isLessThanOrEqualTo(GoogleChatLimits.MAX_MESSAGE_BYTES);
        assertThat(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                .as("body is valid UTF-8")
                .isEqualTo(body);
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("body is not valid JSON", e);
        }
        assertThat(fieldNames(root)).containsExactlyInAnyOrder("text", "thread");
        assertThat(root.get("thread").get("threadKey").asText()).isEqualTo(batch.threadKey());
        String sent = root.get("text").asText();
        assertThat(sent.length()).isLessThanOrEqualTo(GoogleChatLimits.MAX_TEXT_CHARS);
        assertThat(sent).isEqualTo(text);
        return sent;
    }

    private static void assertWellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                        .as("lone high surrogate at %d", i)
                        .isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c))
                        .as("lone low surrogate at %d", i)
                        .isFalse();
            }
        }
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
        "\u0007",
        "\r",
        "\n",
        "\t",
        "\uD834",
        "\uDD1E",
        "\u202E",
        "\u2066",
        "\u00E9",
        "\uFFFF",
        "a",
        "Z",
        "9",
        " ",
        ".",
        "*",
        "_",
        "~",
        "\u4E2D",
        "\u0085",
        "\u007F",
        "\\u0000",
        "</script>",
    };

    private static String randomData(Random random, int maxLength, boolean backticks) {
        return randomData(random, maxLength, backticks, true);
    }

    private static String randomData(Random random, int maxLength, boolean backticks, boolean sometimesHuge) {
        int length = sometimesHuge && random.nextInt(8) == 0 ? random.nextInt(20_000) : random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length + 16);
        while (s.length() < length) {
            if (backticks && random.nextInt(10) == 0) {
                s.append("```");
            } else {
                s.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return s.toString();
    }

    private static AlertEvent randomEvent(Random random, boolean withThrowable) {
        return AlertEvent.builder()
                .timestampMillis(T0 + random.nextInt(10_000_000))
                .level(random.nextBoolean() ? "ERROR" : randomData(random, 20, false))
                .loggerName(
                        random.nextBoolean()
                                ? "com.acme." + randomData(random, 50, false)
                                : randomData(random, 600, false))
                .threadName(randomData(random, 200, false))
                .message(randomData(random, 3000, false))
                .throwable(withThrowable && random.nextInt(5) != 0 ? randomThrowable(random, 0) : null)
                .build();
    }

    private static ThrowableSnapshot randomThrowable(Random random, int depth) {
        ThrowableSnapshot cause =
                depth < 30 && random.nextInt(depth < 3 ? 2 : 12) != 0 ? randomThrowable(random, depth + 1) : null;
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        if (random.nextInt(6) == 0) {
            for (int i = random.nextInt(12); i > 0; i--) {
                suppressed.add(new ThrowableSnapshot(
                        randomData(random, 40, true),
                        randomData(random, 100, true),
                        randomFrames(random, depth + 1),
                        random.nextInt(5),
                        null,
                        null));
            }
        }
        String className = random.nextBoolean() ? "com.acme.Ex" + depth : randomData(random, 400, true) + ".Ex";
        return new ThrowableSnapshot(
                className,
                random.nextInt(4) == 0 ? null : randomData(random, 2500, true, depth < 3),
                randomFrames(random, depth),
                depth == 0 ? 0 : random.nextInt(50),
                cause,
                suppressed);
    }

    private static List<StackTraceElement> randomFrames(Random random, int depth) {
        int n = depth == 0 && random.nextInt(5) == 0 ? random.nextInt(10_000) : random.nextInt(40);
        List<StackTraceElement> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(
                    i < 40 && random.nextInt(3) == 0
                            ? new StackTraceElement(
                                    randomData(random, 300, true, false),
                                    randomData(random, 40, true, false),
                                    random.nextBoolean() ? null : randomData(random, 40, true, false),
                                    random.nextInt(5000) - 2)
                            : new StackTraceElement("com.acme.Service" + i, "call", "Service.java", i));
        }
        return frames;
    }

    private static List<StackTraceElement> frames(int n, String tag) {
        List<StackTraceElement> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(new StackTraceElement(
                    "com.acme.deep.package.name." + tag + "Service", "method" + i, tag + "Service.java", i + 1));
        }
        return frames;
    }

    private static List<ThrowableSnapshot> suppressedList(int level) {
        return List.of(
                new ThrowableSnapshot("com.acme.Suppressed" + level, "s".repeat(500), frames(50, "S"), 2, null, null));
    }

    private static AlertEvent event(String message, ThrowableSnapshot throwable) {
        return eventAt(T0, message, throwable);
    }

    private static AlertEvent eventAt(long millis, String message, ThrowableSnapshot throwable) {
        return AlertEvent.builder()
                .timestampMillis(millis)
                .level("ERROR")
                .loggerName("com.acme.OrderService")
                .threadName("http-1")
                .message(message)
                .throwable(throwable)
                .build();
    }

    private static AlertBatch batchOf(AlertEvent first) {
        return new AlertBatch("OrderService.IllegalStateException-0123456789ab", first, 0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
