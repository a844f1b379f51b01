package io.github.gchatappender.core.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable copy of a throwable's chain: class names, messages, frames, causes and suppressed
 * throwables. It keeps no reference to the throwable itself, so queued events do not retain the
 * application's object graph.
 *
 * <p>Bounded at snapshot time: {@value #MAX_FRAMES} frames per throwable, a cause chain of
 * {@value #MAX_CAUSE_DEPTH} (a longer one keeps its first links and its root cause, the "why", and
 * counts the links left out), {@value #MAX_SUPPRESSED} suppressed throwables per level, nested
 * {@value #MAX_SUPPRESSED_NESTING} deep, and messages of {@value #MAX_MESSAGE_CHARS} characters.
 * Cyclic chains end where they repeat.
 */
public final class ThrowableSnapshot {

    public static final int MAX_FRAMES = 128;
    public static final int MAX_CAUSE_DEPTH = 16;
    public static final int MAX_SUPPRESSED = 8;
    public static final int MAX_SUPPRESSED_NESTING = 2;
    public static final int MAX_MESSAGE_CHARS = 2048;
    /** How far a cause chain is walked looking for its root. */
    static final int MAX_CHAIN_WALK = 1024;

    private final String className;
    private final String message;
    private final List<StackTraceElement> frames;
    private final int omittedFrames;
    private final int framesInCommonWithEnclosing;
    private final ThrowableSnapshot cause;
    private final int omittedCauses;
    private final List<ThrowableSnapshot> suppressed;
    private final int omittedSuppressed;

    /**
     * @param frames                      the frames, of which at most {@value #MAX_FRAMES} are kept
     * @param framesInCommonWithEnclosing trailing frames shared with the enclosing throwable (the
     *                                    "... N more" of a Java stack trace), 0 for the top one
     */
    public ThrowableSnapshot(String className, String message, List<StackTraceElement> frames,
            int framesInCommonWithEnclosing, ThrowableSnapshot cause, List<ThrowableSnapshot> suppressed) {
        this(className, message, frames, framesInCommonWithEnclosing, cause, 0, suppressed);
    }

    /** @param omittedCauses links of the cause chain left out between this throwable and {@code cause} */
    public ThrowableSnapshot(String className, String message, List<StackTraceElement> frames,
            int framesInCommonWithEnclosing, ThrowableSnapshot cause, int omittedCauses, List<ThrowableSnapshot> suppressed) {
        this(className, message, frames, framesInCommonWithEnclosing, cause, omittedCauses, suppressed, 0);
    }

    /** @param suppressedNotTaken suppressed throwables not even passed in (beyond those in {@code suppressed}) */
    private ThrowableSnapshot(String className, String message, List<StackTraceElement> frames,
            int framesInCommonWithEnclosing, ThrowableSnapshot cause, int omittedCauses, List<ThrowableSnapshot> suppressed,
            int suppressedNotTaken) {
        this.className = SafeCut.head(Objects.requireNonNullElse(className, "java.lang.Throwable"), AlertEvent.MAX_NAME_CHARS);
        this.message = message == null ? null : SafeCut.head(message, MAX_MESSAGE_CHARS);
        List<StackTraceElement> all = frames == null ? Collections.emptyList() : frames;
        this.frames = List.copyOf(all.subList(0, Math.min(all.size(), MAX_FRAMES)));
        this.omittedFrames = all.size() - this.frames.size();
        this.framesInCommonWithEnclosing = Math.max(0, framesInCommonWithEnclosing);
        this.cause = cause;
        this.omittedCauses = cause == null ? 0 : Math.max(0, omittedCauses);
        this.suppressed = suppressed == null ? Collections.emptyList()
                : List.copyOf(suppressed.subList(0, Math.min(suppressed.size(), MAX_SUPPRESSED)));
        this.omittedSuppressed = (suppressed == null ? 0 : suppressed.size() - this.suppressed.size())
                + Math.max(0, suppressedNotTaken);
    }

    /**
     * Reads one representation of a throwable: the JDK's {@link Throwable}, or a framework's copy of
     * one (Logback's {@code IThrowableProxy} of a deserialized event), so that both are snapshot by
     * the same rules.
     */
    public interface Reader<T> {
        String className(T throwable);

        String message(T throwable);

        /** All frames, including those in common with the enclosing throwable. */
        StackTraceElement[] frames(T throwable);

        T cause(T throwable);

        List<T> suppressed(T throwable);
    }

    /** Snapshots a live throwable; never throws, even when its {@code getMessage()} does. */
    public static ThrowableSnapshot of(Throwable throwable) {
        return of(throwable, JdkReader.INSTANCE);
    }

    /** Snapshots any representation of a throwable chain by the rules above. */
    public static <T> ThrowableSnapshot of(T throwable, Reader<T> reader) {
        if (throwable == null) {
            return null;
        }
        return of(throwable, reader, null, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static <T> ThrowableSnapshot of(T top, Reader<T> reader, StackTraceElement[] enclosing,
            Set<Object> seen, int nesting) {
        List<T> chain = new ArrayList<>();
        for (T t = top; t != null && chain.size() < MAX_CHAIN_WALK && seen.add(t); t = reader.cause(t)) {
            chain.add(t);
        }
        int omittedCauses = 0;
        if (chain.size() > MAX_CAUSE_DEPTH) {
            omittedCauses = chain.size() - MAX_CAUSE_DEPTH;
            T root = chain.get(chain.size() - 1);
            chain = new ArrayList<>(chain.subList(0, MAX_CAUSE_DEPTH - 1));
            chain.add(root);
        }
        List<StackTraceElement[]> traces = new ArrayList<>(chain.size());
        for (T t : chain) {
            StackTraceElement[] trace = reader.frames(t);
            traces.add(trace == null ? new StackTraceElement[0] : trace);
        }
        // Built from the root up, each link knowing the frames it shares with the one enclosing it.
        ThrowableSnapshot cause = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            T t = chain.get(i);
            StackTraceElement[] trace = traces.get(i);
            StackTraceElement[] outer = i == 0 ? enclosing : traces.get(i - 1);
            int common = outer == null ? 0 : framesInCommon(trace, outer);
            List<ThrowableSnapshot> suppressed = new ArrayList<>();
            List<T> suppressedOfT = reader.suppressed(t);
            int suppressedNotTaken = 0;
            if (suppressedOfT != null) {
                for (T s : suppressedOfT) {
                    if (suppressed.size() == MAX_SUPPRESSED || nesting >= MAX_SUPPRESSED_NESTING) {
                        suppressedNotTaken++;
                    } else if (s != null && !seen.contains(s)) {
                        suppressed.add(of(s, reader, trace, seen, nesting + 1));
                    }
                }
            }
            int omittedHere = i == chain.size() - 2 ? omittedCauses : 0;
            cause = new ThrowableSnapshot(reader.className(t), reader.message(t),
                    Arrays.asList(trace).subList(0, trace.length - common), common, cause, omittedHere, suppressed,
                    suppressedNotTaken);
        }
        return cause;
    }

    /** Reads the JDK's throwables; a failing {@code getMessage()} is described, never rethrown. */
    private enum JdkReader implements Reader<Throwable> {
        INSTANCE;

        @Override
        public String className(Throwable t) {
            return t.getClass().getName();
        }

        @Override
        public String message(Throwable t) {
            try {
                return t.getMessage();
            } catch (RuntimeException e) {
                // A throwable whose getMessage() fails must not take the caller's thread down with it.
                return "<getMessage() threw " + e.getClass().getName() + ">";
            }
        }

        @Override
        public StackTraceElement[] frames(Throwable t) {
            return t.getStackTrace();
        }

        @Override
        public Throwable cause(Throwable t) {
            return t.getCause();
        }

        @Override
        public List<Throwable> suppressed(Throwable t) {
            return Arrays.asList(t.getSuppressed());
        }
    }

    private static int framesInCommon(StackTraceElement[] trace, StackTraceElement[] enclosing) {
        int m = trace.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && trace[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        return trace.length - 1 - m;
    }

    /** The fully qualified class name. */
    public String className() {
        return className;
    }

    /** The class name without its package. */
    public String simpleClassName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    /** The message, or null when the throwable had none. */
    public String message() {
        return message;
    }

    /** This throwable's own frames (without those in common with the enclosing one), capped. */
    public List<StackTraceElement> frames() {
        return frames;
    }

    /** Frames beyond {@value #MAX_FRAMES} that were not kept. */
    public int omittedFrames() {
        return omittedFrames;
    }

    public int framesInCommonWithEnclosing() {
        return framesInCommonWithEnclosing;
    }

    public ThrowableSnapshot cause() {
        return cause;
    }

    /** Suppressed throwables beyond those in {@link #suppressed()}, left out to bound the snapshot. */
    public int omittedSuppressed() {
        return omittedSuppressed;
    }

    /** Links of the original cause chain left out between this throwable and {@link #cause()}. */
    public int omittedCauses() {
        return omittedCauses;
    }

    public List<ThrowableSnapshot> suppressed() {
        return suppressed;
    }

    /** The deepest cause: the "why" of the failure. */
    public ThrowableSnapshot rootCause() {
        ThrowableSnapshot root = this;
        while (root.cause != null) {
            root = root.cause;
        }
        return root;
    }
}
