package io.github.gchatappender.core.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StackTraceTextTest {

    @Test
    void rendersLikeJavaWhenEverythingFits() {
        ThrowableSnapshot cause = new ThrowableSnapshot("java.io.IOException", "disk", frames(1, "C"), 2, null, null);
        ThrowableSnapshot top =
                new ThrowableSnapshot("java.lang.IllegalStateException", null, frames(2, "T"), 0, cause, null);

        String text = StackTraceText.render(top, 10_000);

        assertThat(text)
                .isEqualTo("java.lang.IllegalStateException\n"
                        + "\tat com.acme.TService.m0(TService.java:1)\n"
                        + "\tat com.acme.TService.m1(TService.java:2)\n"
                        + "Caused by: java.io.IOException: disk\n"
                        + "\tat com.acme.CService.m0(CService.java:1)\n"
                        + "\t... 2 more\n");
    }

    @Test
    void marksOmittedFrames() {
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Boom", "boom", frames(40, "T"), 0, null, null);

        String text = StackTraceText.render(top, 10_000);

        assertThat(lines(text, "\tat ")).isEqualTo(16);
        assertThat(text).endsWith("\t... 24 frames omitted\n");
    }

    @Test
    void omittedCountIncludesFramesDroppedAtSnapshotTime() {
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Boom", "boom", frames(300, "T"), 0, null, null);
        assertThat(top.omittedFrames()).isEqualTo(300 - ThrowableSnapshot.MAX_FRAMES);

        String text = StackTraceText.render(top, 10_000);

        assertThat(text).contains("\t... " + (300 - 16) + " frames omitted\n");
    }

    @Test
    void singleOmittedFrameIsSingular() {
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Boom", "boom", frames(17, "T"), 0, null, null);

        assertThat(StackTraceText.render(top, 10_000)).endsWith("\t... 1 frame omitted\n");
    }

    @Test
    void intermediateCausesKeepFewerFramesThanTopAndRoot() {
        ThrowableSnapshot root = new ThrowableSnapshot("com.acme.Root", "root", frames(20, "R"), 0, null, null);
        ThrowableSnapshot middle = new ThrowableSnapshot("com.acme.Middle", "middle", frames(20, "M"), 0, root, null);
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Top", "top", frames(20, "T"), 0, middle, null);

        String text = StackTraceText.render(top, 10_000);

        assertThat(lines(text, "\tat com.acme.TService")).isEqualTo(16);
        assertThat(lines(text, "\tat com.acme.MService")).isEqualTo(2);
        assertThat(lines(text, "\tat com.acme.RService")).isEqualTo(16);
        assertThat(text).contains("\t... 18 frames omitted\n").contains("\t... 4 frames omitted\n");
    }

    @Test
    void suppressedAreSummarised() {
        ThrowableSnapshot suppressed =
                new ThrowableSnapshot("com.acme.CloseFailed", "close", frames(5, "S"), 3, null, null);
        ThrowableSnapshot top =
                new ThrowableSnapshot("com.acme.Top", "top", frames(3, "T"), 0, null, List.of(suppressed));

        String text = StackTraceText.render(top, 10_000);

        assertThat(text)
                .contains("\tSuppressed: com.acme.CloseFailed: close\n"
                        + "\t\tat com.acme.SService.m0(SService.java:1)\n"
                        + "\t\t... 4 frames omitted\n"
                        + "\t\t... 3 more\n");
    }

    @Test
    void keepsEveryCausedByHeaderWhenBudgetAllows() {
        ThrowableSnapshot chain = new ThrowableSnapshot("com.acme.Cause6", "root", frames(30, "C6"), 4, null, null);
        for (int i = 5; i >= 1; i--) {
            chain = new ThrowableSnapshot("com.acme.Cause" + i, "level " + i, frames(30, "C" + i), 4, chain, null);
        }
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Top", "top", frames(30, "T"), 0, chain, null);
        int full = StackTraceText.render(top, 100_000).length();

        // Headers, "frames omitted" and "more" lines of the whole chain without any frame: 464 chars.
        int headersOnly = 18 + 23 + 5 * (36 + 23 + 12) + (33 + 23 + 12);
        for (int budget = full;
                budget >= headersOnly;
                budget = budget - 37 < headersOnly && budget != headersOnly ? headersOnly : budget - 37) {
            String text = StackTraceText.render(top, budget);

            assertThat(text.length()).isLessThanOrEqualTo(budget);
            assertThat(text).startsWith("com.acme.Top: top\n");
            for (int i = 1; i <= 5; i++) {
                assertThat(text)
                        .as("budget %d", budget)
                        .contains("Caused by: com.acme.Cause" + i + ": level " + i + "\n");
            }
            assertThat(text).contains("Caused by: com.acme.Cause6: root\n");
            assertThat(lines(text, "Caused by: ")).isEqualTo(6);
        }
        assertThat(StackTraceText.render(top, headersOnly))
                .doesNotContain("\tat ")
                .doesNotContain("causes omitted");
        // One char less: only the top and the root cause are left.
        assertThat(StackTraceText.render(top, headersOnly - 1))
                .isEqualTo("com.acme.Top: top\n... causes omitted\nCaused by: com.acme.Cause6: root\n");
    }

    @Test
    void whenHeadersDoNotFitTopAndRootCauseRemain() {
        ThrowableSnapshot chain =
                new ThrowableSnapshot("com.acme.RootCause", "disk full", frames(10, "R"), 0, null, null);
        for (int i = 30; i >= 1; i--) {
            chain = new ThrowableSnapshot("com.acme.Wrapper" + i, "w".repeat(250), frames(10, "W"), 0, chain, null);
        }
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Top", "top", frames(10, "T"), 0, chain, null);

        String text = StackTraceText.render(top, 500);

        assertThat(text.length()).isLessThanOrEqualTo(500);
        assertThat(text).isEqualTo("com.acme.Top: top\n... causes omitted\nCaused by: com.acme.RootCause: disk full\n");
    }

    @Test
    void longHeadersAreShortenedWithoutSplittingSurrogatePairs() {
        String message = "a".repeat(294) + "\uD834\uDD1E" + "b".repeat(100);
        ThrowableSnapshot top = new ThrowableSnapshot("x.Y", message, List.of(), 0, null, null);

        String text = StackTraceText.render(top, 10_000);

        // "x.Y: " is 5 chars, so char 300 would be the high surrogate's partner: the cut keeps 299.
        assertThat(text).isEqualTo("x.Y: " + "a".repeat(294) + "...\n");
    }

    @Test
    void neverExceedsTheBudget() {
        Random random = new Random(7);
        List<ThrowableSnapshot> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            samples.add(randomChain(random));
        }
        List<Integer> budgets = new ArrayList<>(List.of(50, 51, 79, 80, 120, 121, 4999, 5000));
        for (int i = 0; i < 60; i++) {
            budgets.add(50 + random.nextInt(4951));
        }
        for (int budget : budgets) {
            for (ThrowableSnapshot sample : samples) {
                String text = StackTraceText.render(sample, budget);

                assertThat(text.length()).as("budget %d", budget).isLessThanOrEqualTo(budget);
                if (!text.isEmpty()) {
                    char last = text.charAt(text.length() - 1);
                    assertThat(Character.isHighSurrogate(last))
                            .as("ends inside a surrogate pair")
                            .isFalse();
                }
            }
        }
    }

    @Test
    void exactBudgetBoundaries() {
        ThrowableSnapshot top = new ThrowableSnapshot("com.acme.Top", "top", frames(40, "T"), 0, null, null);
        String full = StackTraceText.render(top, 100_000);

        assertThat(StackTraceText.render(top, full.length())).isEqualTo(full);
        assertThat(StackTraceText.render(top, full.length() - 1).length()).isLessThan(full.length());
    }

    private static ThrowableSnapshot randomChain(Random random) {
        int depth = random.nextInt(20);
        ThrowableSnapshot chain = null;
        for (int i = depth; i >= 0; i--) {
            List<ThrowableSnapshot> suppressed = new ArrayList<>();
            for (int s = random.nextInt(3); s > 0; s--) {
                suppressed.add(new ThrowableSnapshot(
                        "com.acme.S" + s,
                        text(random, 400),
                        frames(random.nextInt(20), "S"),
                        random.nextInt(4),
                        null,
                        null));
            }
            chain = new ThrowableSnapshot(
                    random.nextBoolean() ? "com.acme.E" + i : text(random, 700),
                    text(random, 2500),
                    frames(random.nextInt(random.nextBoolean() ? 300 : 20), "E" + i),
                    random.nextInt(30),
                    chain,
                    suppressed);
        }
        return chain;
    }

    private static String text(Random random, int max) {
        int n = random.nextInt(max + 1);
        StringBuilder s = new StringBuilder(n + 2);
        while (s.length() < n) {
            int pick = random.nextInt(6);
            s.append(pick == 0 ? "\uD834\uDD1E" : pick == 1 ? "\n" : pick == 2 ? "\u20AC" : "x");
        }
        return s.toString();
    }

    private static List<StackTraceElement> frames(int n, String tag) {
        List<StackTraceElement> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(new StackTraceElement("com.acme." + tag + "Service", "m" + i, tag + "Service.java", i + 1));
        }
        return frames;
    }

    private static int lines(String text, String prefix) {
        int count = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }
}
