package io.github.gchatappender.core.report;

/**
 * Where the core reports its own problems: each adapter binds it to its framework's status channel
 * (Logback's {@code addWarn}/{@code addError}, Log4j2's {@code StatusLogger}), never to a logger,
 * since an appender that logs its own failures can feed them back to itself.
 *
 * <p>The core masks the webhook's secrets before calling, calls from its own threads, and survives
 * an implementation that throws.
 */
public interface StatusReporter {

    void info(String message);

    void warn(String message);

    void error(String message);
}
