package io.github.gchatappender.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ThrowableSnapshotTest {

    @Test
    void nullGivesNull() {
        assertThat(ThrowableSnapshot.of(null)).isNull();
    }

    @Test
    void copiesClassMessageAndFrames() {
        IllegalStateException e = new IllegalStateException("inventory locked");

        ThrowableSnapshot s = ThrowableSnapshot.of(e);

        assertThat(s.className()).isEqualTo("java.lang.IllegalStateException");
        assertThat(s.simpleClassName()).isEqualTo("IllegalStateException");
        assertThat(s.message()).isEqualTo("inventory locked");
        assertThat(s.frames()).containsExactly(e.getStackTrace());
        assertThat(s.omittedFrames()).isZero();
        assertThat(s.framesInCommonWithEnclosing()).isZero();
        assertThat(s.cause()).isNull();
        assertThat(s.suppressed()).isEmpty();
        assertThat(s.rootCause()).isSameAs(s);
    }

    @Test
    void nullMessageStaysNull() {
        assertThat(ThrowableSnapshot.of(new RuntimeException()).message()).isNull();
    }

    @Test
    void capturesCausesAndSuppressed() {
        IOException root = new IOException("disk full");
        IllegalArgumentException middle = new IllegalArgumentException("bad write", root);
        IllegalStateException top = new IllegalStateException("save failed", middle);
        top.addSuppressed(new UnsupportedOperationException("close failed"));
        middle.addSuppressed(new ArithmeticException("cleanup"));

        ThrowableSnapshot s = ThrowableSnapshot.of(top);

        assertThat(s.cause().className()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(s.cause().message()).isEqualTo("bad write");
        assertThat(s.cause().cause().className()).isEqualTo("java.io.IOException");
        assertThat(s.cause().cause().cause()).isNull();
        assertThat(s.rootCause().message()).isEqualTo("disk full");
        assertThat(s.suppressed()).extracting(ThrowableSnapshot::message).containsExactly("close failed");
        assertThat(s.cause().suppressed())
                .extracting(ThrowableSnapshot::className)
                .containsExactly("java.lang.ArithmeticException");
    }

    @Test
    void cyclicChainThroughInitCauseTerminates() {
        Exception a = new Exception("a");
        Exception b = new Exception("b");
        a.initCause(b);
        b.initCause(a);

        ThrowableSnapshot s = ThrowableSnapshot.of(a);

        assertThat(s.message()).isEqualTo("a");
        assertThat(s.cause().message()).isEqualTo("b");
        assertThat(s.cause().cause()).isNull();
        assertThat(s.rootCause().message()).isEqualTo("b");
    }

    @Test
    void cyclicChainThroughOverriddenGetCauseTerminates() {
        Looping a = new Looping("a");
        Looping b = new Looping("b");
        a.next = b;
        b.next = a;

        ThrowableSnapshot s = ThrowableSnapshot.of(a);

        assertThat(chainLength(s)).isEqualTo(2);
        assertThat(s.rootCause().message()).isEqualTo("b");
    }

    @Test
    void selfCauseViaOverrideTerminates() {
        Looping self = new Looping("self");
        self.next = self;

        ThrowableSnapshot s = ThrowableSnapshot.of(self);

        assertThat(s.cause()).isNull();
    }

    @Test
    void cyclicSuppressedTerminates() {
        Exception a = new Exception("a");
        Exception b = new Exception("b");
        a.addSuppressed(b);
        b.addSuppressed(a);

        ThrowableSnapshot s = ThrowableSnapshot.of(a);

        assertThat(s.suppressed()).hasSize(1);
        assertThat(s.suppressed().get(0).suppressed()).isEmpty();
    }

    @Test
    void deepChainsAreBounded() {
        Throwable chain = new IllegalStateException("root");
        for (int i = 0; i < 1000; i++) {
            chain = new RuntimeException("level " + i, chain);
        }

        ThrowableSnapshot s = ThrowableSnapshot.of(chain);

        assertThat(chainLength(s)).isEqualTo(ThrowableSnapshot.MAX_CAUSE_DEPTH);
        assertThat(s.message()).isEqualTo("level 999");
        assertThat(s.rootCause().message()).isEqualTo("root");
        ThrowableSnapshot beforeRoot = s;
        while (beforeRoot.cause().cause() != null) {
            assertThat(beforeRoot.omittedCauses()).isZero();
            beforeRoot = beforeRoot.cause();
        }
        assertThat(beforeRoot.omittedCauses()).isEqualTo(1001 - ThrowableSnapshot.MAX_CAUSE_DEPTH);
    }

    @Test
    void framesAreCappedAndTheRestCounted() {
        RuntimeException e = new RuntimeException("deep");
        e.setStackTrace(frames(300));

        ThrowableSnapshot s = ThrowableSnapshot.of(e);

        assertThat(s.frames()).hasSize(ThrowableSnapshot.MAX_FRAMES);
        assertThat(s.frames()).containsExactly(Arrays.copyOf(frames(300), ThrowableSnapshot.MAX_FRAMES));
        assertThat(s.omittedFrames()).isEqualTo(300 - ThrowableSnapshot.MAX_FRAMES);
    }

    @Test
    void constructorCapsFramesToo() {
        ThrowableSnapshot s = new ThrowableSnapshot("x.Y", "m", Arrays.asList(frames(10_000)), 0, null, null);

        assertThat(s.frames()).hasSize(ThrowableSnapshot.MAX_FRAMES);
        assertThat(s.omittedFrames()).isEqualTo(10_000 - ThrowableSnapshot.MAX_FRAMES);
    }

    @Test
    void exactlyMaxFramesOmitsNothing() {
        ThrowableSnapshot s =
                new ThrowableSnapshot("x.Y", "m", Arrays.asList(frames(ThrowableSnapshot.MAX_FRAMES)), 0, null, null);

        assertThat(s.frames()).hasSize(ThrowableSnapshot.MAX_FRAMES);
        assertThat(s.omittedFrames()).isZero();
    }

    @Test
    void suppressedAreCapped() {
        RuntimeException e = new RuntimeException("many");
        for (int i = 0; i < 50; i++) {
            e.addSuppressed(new RuntimeException("s" + i));
        }

        ThrowableSnapshot s = ThrowableSnapshot.of(e);

        assertThat(s.suppressed()).hasSize(ThrowableSnapshot.MAX_SUPPRESSED);
        assertThat(s.suppressed().get(0).message()).isEqualTo("s0");
    }

    @Test
    void longMessagesAreCappedWithoutSplittingAPair() {
        String message = "x".repeat(ThrowableSnapshot.MAX_MESSAGE_CHARS - 1) + "\uD834\uDD1E" + "tail";

        ThrowableSnapshot s = ThrowableSnapshot.of(new RuntimeException(message));

        assertThat(s.message()).isEqualTo("x".repeat(ThrowableSnapshot.MAX_MESSAGE_CHARS - 1));
    }

    @Test
    void throwingGetMessageStillSnapshots() {
        Throwable hostile = new RuntimeException("hidden", new HostileMessage()) {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no message for you");
            }
        };

        ThrowableSnapshot s = ThrowableSnapshot.of(hostile);

        assertThat(s.message()).isEqualTo("<getMessage() threw java.lang.UnsupportedOperationException>");
        assertThat(s.cause().className()).endsWith("HostileMessage");
        assertThat(s.cause().message()).isEqualTo("<getMessage() threw java.lang.IllegalStateException>");
        assertThat(s.frames()).isNotEmpty();
    }

    @Test
    void snapshotDoesNotFollowLaterChangesToTheThrowable() {
        RuntimeException e = new RuntimeException("m");
        ThrowableSnapshot s = ThrowableSnapshot.of(e);
        List<StackTraceElement> before = new ArrayList<>(s.frames());

        e.setStackTrace(frames(3));
        e.addSuppressed(new RuntimeException("late"));

        assertThat(s.frames()).isEqualTo(before);
        assertThat(s.suppressed()).isEmpty();
        assertThatThrownBy(() -> s.frames().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.suppressed().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void framesInCommonMatchJavasMoreLines() {
        Exception top = nested(3);
        top.addSuppressed(new IllegalArgumentException("suppressed here"));

        List<Integer> printed = moreCounts(top);
        List<Integer> snapshot = new ArrayList<>();
        collectInPrintOrder(ThrowableSnapshot.of(top), snapshot);

        assertThat(printed).isNotEmpty();
        assertThat(snapshot).isEqualTo(printed);
        // And the own frames plus the common ones are the throwable's whole trace.
        ThrowableSnapshot cause = ThrowableSnapshot.of(top).cause();
        assertThat(cause.frames().size() + cause.framesInCommonWithEnclosing())
                .isEqualTo(top.getCause().getStackTrace().length);
    }

    @Test
    void constructorNormalisesNulls() {
        ThrowableSnapshot s = new ThrowableSnapshot(null, null, null, -3, null, null);

        assertThat(s.className()).isEqualTo("java.lang.Throwable");
        assertThat(s.simpleClassName()).isEqualTo("Throwable");
        assertThat(s.message()).isNull();
        assertThat(s.frames()).isEmpty();
        assertThat(s.framesInCommonWithEnclosing()).isZero();
        assertThat(s.suppressed()).isEmpty();
    }

    @Test
    void simpleClassNameKeepsNestedClassMarker() {
        assertThat(new ThrowableSnapshot("com.acme.Outer$Inner", null, null, 0, null, null).simpleClassName())
                .isEqualTo("Outer$Inner");
        assertThat(new ThrowableSnapshot("NoPackage", null, null, 0, null, null).simpleClassName())
                .isEqualTo("NoPackage");
    }

    // ---------------------------------------------------------------- helpers

    /** A chain whose frames share the caller's frames, as real causes do. */
    private static Exception nested(int depth) {
        try {
            level(depth);
            throw new AssertionError("unreachable");
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static void level(int depth) {
        if (depth == 0) {
            throw new IllegalStateException("root");
        }
        try {
            level(depth - 1);
        } catch (IllegalStateException e) {
            IllegalStateException wrapper = new IllegalStateException("level " + depth, e);
            wrapper.addSuppressed(new RuntimeException("s" + depth));
            throw wrapper;
        }
    }

    /** For every enclosed trace Java prints (cause or suppressed), its "... N more" number, 0 when it prints none. */
    private static List<Integer> moreCounts(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        List<Integer> counts = new ArrayList<>();
        Pattern more = Pattern.compile("^\\s*\\.\\.\\. (\\d+) more$");
        for (String line : out.toString().split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Caused by: ") || trimmed.startsWith("Suppressed: ")) {
                counts.add(0);
            } else {
                Matcher m = more.matcher(line);
                if (m.matches()) {
                    counts.set(counts.size() - 1, Integer.parseInt(m.group(1)));
                }
            }
        }
        return counts;
    }

    /** framesInCommonWithEnclosing of every enclosed throwable, in the order printStackTrace prints them. */
    private static void collectInPrintOrder(ThrowableSnapshot t, List<Integer> out) {
        for (ThrowableSnapshot s : t.suppressed()) {
            out.add(s.framesInCommonWithEnclosing());
            collectInPrintOrder(s, out);
        }
        if (t.cause() != null) {
            out.add(t.cause().framesInCommonWithEnclosing());
            collectInPrintOrder(t.cause(), out);
        }
    }

    private static StackTraceElement[] frames(int n) {
        StackTraceElement[] frames = new StackTraceElement[n];
        for (int i = 0; i < n; i++) {
            frames[i] = new StackTraceElement("com.acme.C" + i, "m", "C.java", i);
        }
        return frames;
    }

    private static int chainLength(ThrowableSnapshot s) {
        int n = 0;
        for (ThrowableSnapshot t = s; t != null; t = t.cause()) {
            n++;
        }
        return n;
    }

    private static final class Looping extends Exception {
        Throwable next;

        Looping(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return next;
        }
    }

    private static final class HostileMessage extends Exception {
        @Override
        public String getMessage() {
            throw new IllegalStateException("boom");
        }
    }
}
