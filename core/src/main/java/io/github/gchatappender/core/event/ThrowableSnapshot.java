package io.github.gchatappender.core.event;

import io.github.gchatappender.core.internal.event.SafeCut;
import io.github.gchatappender.core.internal.event.SnapshotCaps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
    /** This throwable's own frames are the first {@link #frameCount} of this array. */
    private final StackTraceElement[] frames;

    private final int frameCount;
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
    public ThrowableSnapshot(
            String className,
            String message,
            List<StackTraceElement> frames,
            int framesInCommonWithEnclosing,
            ThrowableSnapshot cause,
            List<ThrowableSnapshot> suppressed) {
        this(className, message, frames, framesInCommonWithEnclosing, cause, 0, suppressed);
    }

    /** @param omittedCauses links of the cause chain left out between this throwable and {@code cause} */
    public ThrowableSnapshot(
            String className,
            String message,
            List<StackTraceElement> frames,
            int framesInCommonWithEnclosing,
            ThrowableSnapshot cause,
            int omittedCauses,
            List<ThrowableSnapshot> suppressed) {
        this(className, message, frames, framesInCommonWithEnclosing, cause, omittedCauses, suppressed, 0);
    }

    /** @param suppressedNotTaken suppressed throwables not even passed in (beyond those in {@code suppressed}) */
    private ThrowableSnapshot(
            String className,
            String message,
            List<StackTraceElement> frames,
            int framesInCommonWithEnclosing,
            ThrowableSnapshot cause,
            int omittedCauses,
            List<ThrowableSnapshot> suppressed,
            int suppressedNotTaken) {
        this(
                className,
                message,
                frames == null ? new StackTraceElement[0] : frames.toArray(new StackTraceElement[0]),
                frames == null ? 0 : frames.size(),
                framesInCommonWithEnclosing,
                cause,
                omittedCauses,
                suppressed == null ? List.of() : suppressed,
                suppressedNotTaken);
    }

    /**
     * The snapshot path: adopts {@code trace} (a fresh array from a {@link Reader}) rather than
     * copying it, unless only a part of it is kept.
     *
     * @param ownFrames the frames of {@code trace} that are this throwable's own, from the top
     */
    private ThrowableSnapshot(
            String className,
            String message,
            StackTraceElement[] trace,
            int ownFrames,
            int framesInCommonWithEnclosing,
            ThrowableSnapshot cause,
            int omittedCauses,
            List<ThrowableSnapshot> suppressed,
            int suppressedNotTaken) {
        this.className = SnapshotCaps.name(Objects.requireNonNullElse(className, "java.lang.Throwable"));
        this.message = message == null ? null : SafeCut.head(message, MAX_MESSAGE_CHARS);
        int kept = Math.min(ownFrames, MAX_FRAMES);
        // A short trace is kept whole, common frames and all (at most MAX_FRAMES more references);
        // of a long one only the kept part is copied, so that the frames left out are not retained.
        this.frames = trace.length <= MAX_FRAMES ? trace : Arrays.copyOf(trace, kept);
        this.frameCount = kept;
        this.omittedFrames = ownFrames - kept;
        this.framesInCommonWithEnclosing = Math.max(0, framesInCommonWithEnclosing);
        this.cause = cause;
        this.omittedCauses = cause == null ? 0 : Math.max(0, omittedCauses);
        this.suppressed = suppressed.isEmpty()
                ? List.of()
                : List.copyOf(suppressed.subList(0, Math.min(suppressed.size(), MAX_SUPPRESSED)));
        this.omittedSuppressed = suppressed.size() - this.suppressed.size() + Math.max(0, suppressedNotTaken);
    }

    /**
     * Reads one representation of a throwable: the JDK's {@link Throwable}, or a framework's copy of
     * one (Logback's {@code IThrowableProxy} of a deserialized event), so that both are snapshot by
     * the same rules.
     */
    public interface Reader<T> {
        String className(T throwable);

        String message(T throwable);

        /**
         * All frames, including those in common with the enclosing throwable, in an array the
         * snapshot may keep: a fresh one on every call, never the reader's own.
         */
        StackTraceElement[] frames(T throwable);

        T cause(T throwable);

        List<T> suppressed(T throwable);

        /**
         * Trailing frames this throwable shares with the one it is a cause or a suppressed
         * throwable of, when the representation already knows them (Logback's proxies do); -1 to
         * have them counted here.
         */
        default int framesInCommonWithEnclosing(T throwable) {
            return -1;
        }
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
        return of(throwable, reader, null, new ArrayList<>(4), 0);
    }

    /**
     * Runs on the caller's thread for every event with a throwable, so it allocates little: the
     * traces the reader returns are adopted, and {@code seen} is a list searched by identity (a chain
     * is a few links; a hostile one is walked {@value #MAX_CHAIN_WALK} links at most).
     */
    private static <T> ThrowableSnapshot of(
            T top, Reader<T> reader, StackTraceElement[] enclosing, List<Object> seen, int nesting) {
        List<T> chain = new ArrayList<>(4);
        for (T t = top; t != null && chain.size() < MAX_CHAIN_WALK && !containsSame(seen, t); t = reader.cause(t)) {
            seen.add(t);
            chain.add(t);
        }
        int omittedCauses = 0;
        if (chain.size() > MAX_CAUSE_DEPTH) {
            omittedCauses = chain.size() - MAX_CAUSE_DEPTH;
            T root = chain.get(chain.size() - 1);
            chain = new ArrayList<>(chain.subList(0, MAX_CAUSE_DEPTH - 1));
            chain.add(root);
        }
        StackTraceElement[][] traces = new StackTraceElement[chain.size()][];
        for (int i = 0; i < traces.length; i++) {
            StackTraceElement[] trace = reader.frames(chain.get(i));
            traces[i] = trace == null ? new StackTraceElement[0] : trace;
        }
        // Built from the root up, each link knowing the frames it shares with the one enclosing it.
        ThrowableSnapshot cause = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            T t = chain.get(i);
            StackTraceElement[] trace = traces[i];
            StackTraceElement[] outer = i == 0 ? enclosing : traces[i - 1];
            // The reader's count holds only for the throwable's original enclosing one: not for a
            // root attached to the first links of a cut chain.
            boolean originalEnclosing = omittedCauses == 0 || i < chain.size() - 1;
            int known = outer == null || !originalEnclosing ? -1 : reader.framesInCommonWithEnclosing(t);
            int common = outer == null
                    ? 0
                    : known >= 0 ? Math.min(known, Math.min(trace.length, outer.length)) : framesInCommon(trace, outer);
            List<ThrowableSnapshot> suppressed = List.of();
            List<T> suppressedOfT = reader.suppressed(t);
            int suppressedNotTaken = 0;
            if (suppressedOfT != null && !suppressedOfT.isEmpty()) {
                suppressed = new ArrayList<>(Math.min(suppressedOfT.size(), MAX_SUPPRESSED));
                for (T s : suppressedOfT) {
                    if (suppressed.size() == MAX_SUPPRESSED || nesting >= MAX_SUPPRESSED_NESTING) {
                        suppressedNotTaken++;
                    } else if (s != null && !containsSame(seen, s)) {
                        suppressed.add(of(s, reader, trace, seen, nesting + 1));
                    }
                }
            }
            int omittedHere = i == chain.size() - 2 ? omittedCauses : 0;
            cause = new ThrowableSnapshot(
                    reader.className(t),
                    reader.message(t),
                    trace,
                    trace.length - common,
                    common,
                    cause,
                    omittedHere,
                    suppressed,
                    suppressedNotTaken);
        }
        return cause;
    }

    private static boolean containsSame(List<Object> seen, Object candidate) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) == candidate) {
                return true;
            }
        }
        return false;
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
            Throwable[] suppressed = t.getSuppressed();
            return suppressed.length == 0 ? List.of() : Arrays.asList(suppressed);
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
        return Collections.unmodifiableList(Arrays.asList(frames).subList(0, frameCount));
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
