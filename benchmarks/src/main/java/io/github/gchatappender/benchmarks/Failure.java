package io.github.gchatappender.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The exception a benchmark thread logs, one per thread. A request thread logs its own failure, and
 * a single instance shared by every thread would measure contention on its monitor instead
 * ({@code getCause}, {@code getStackTrace} and {@code getSuppressed} are synchronized), which the
 * framework pays as much as the appender.
 * <p>Created {@value #MIN_FRAMES} calls deep, and its cause {@value #CAUSE_DEPTH} calls deeper
 * still, so that each has at least {@value #MIN_FRAMES} frames, as a failure in a request thread
 * has: copying the chain is the cost a folded repeat saves, and a shallow trace would make it look
 * small. The constructor checks the frame counts, since a JVM flag
 * ({@code -XX:-StackTraceInThrowable}) could leave the traces empty.
 * <p>{@link #other} is a second failure of another class, as deep, for the calls whose kinds
 * vary by exception type as well as by logger.
 */
@State(Scope.Thread)
public class Failure {

    /** The fewest frames the exception and its cause each have. */
    static final int MIN_FRAMES = 30;
    /** The cause's own frames beneath the exception's: a driver's, say. */
    private static final int CAUSE_DEPTH = 10;

    public final IllegalStateException exception = reserve(MIN_FRAMES);
    /** Of another class than {@link #exception}, so of another kind. */
    public final UncheckedIOException other = ship(MIN_FRAMES);

    public Failure() {
        for (Throwable failure : new Throwable[] {exception, other}) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t.getStackTrace().length < MIN_FRAMES) {
                    throw new IllegalStateException(t.getClass().getName() + " has " + t.getStackTrace().length
                            + " frames, fewer than " + MIN_FRAMES);
                }
            }
        }
    }

    private static IllegalStateException reserve(int depth) {
        return depth > 0 ? reserve(depth - 1) : new IllegalStateException("inventory locked", connect(CAUSE_DEPTH));
    }

    private static UncheckedIOException ship(int depth) {
        return depth > 0 ? ship(depth - 1) : new UncheckedIOException("carrier unreachable", connect(CAUSE_DEPTH));
    }

    private static IOException connect(int depth) {
        return depth > 0 ? connect(depth - 1) : new IOException("connection reset");
    }
}
