package io.github.gchatappender.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The exception a benchmark thread logs, one per thread. A request thread logs its own failure, and
 * a single instance shared by every thread would measure contention on its monitor instead
 * ({@code getCause}, {@code getStackTrace} and {@code getSuppressed} are synchronized), which the
 * framework pays as much as the appender.
 */
@State(Scope.Thread)
public class Failure {

    public final IllegalStateException exception = new IllegalStateException("inventory locked",
            new java.io.IOException("connection reset"));
}
