package io.github.gchatappender.testkit;

import io.github.gchatappender.core.report.DeliveryStats;

/**
 * What the contract needs from one framework: configure its appender from a real configuration file,
 * log through its API, stop it, and read its counts and status output.
 */
public interface AppenderHarness {

    /** The configuration files each framework provides among its test resources, as {@code <framework>-gchat<suffix>.xml}. */
    enum Config {
        /** applicationName "shop", environment "test", a 100 ms window, 50 messages/s, root at DEBUG. */
        TUNED(""),
        /** TUNED with format CARD. */
        TUNED_CARD("-card"),
        /**
         * TUNED plus every content setting: mention users/all, mdcKeys traceId, timeZone Europe/Berlin,
         * appPackages com.acme, linkTemplate https://logs.example.com/?trace={mdc:traceId}&amp;app={applicationName}.
         */
        CONTENT("-content"),
        /** TUNED with an updateInterval of 10 seconds: a thread's updates come 10 s apart. */
        PACED("-paced"),
        /** TUNED with mention users/all and a resolvedAfter of 2 seconds. */
        RESOLVED("-resolved"),
        /** Nothing but the webhook URL; root at INFO. */
        DEFAULTS("-defaults"),
        /** DEFAULTS with a shutdownTimeout of 2 seconds and a batchWindow of 1 minute: stop finds every kind held. */
        SHUTDOWN("-shutdown"),
        /** No webhookUrl at all, and no GOOGLE_CHAT_WEBHOOK_URL. */
        MISSING_URL("-missing-url");

        private final String suffix;

        Config(String suffix) {
            this.suffix = suffix;
        }

        /** The test resource for {@code framework} ({@code logback} or {@code log4j2}). */
        public String file(String framework) {
            return framework + "-gchat" + suffix + ".xml";
        }
    }

    /** Configures a new logging context; {@code webhookUrl} may be null. */
    void configure(Config config, String webhookUrl);

    /**
     * A way the framework hands an event to the appender on a thread other than the one that logged it. The
     * appender then sees the framework's thread, not the logging one, and must still recognise its own.
     */
    enum Handoff {
        /** Every logger asynchronous: Log4j2's {@code AsyncLoggerContextSelector}. */
        ASYNC_LOGGERS,
        /** Synchronous and asynchronous loggers mixed: Log4j2's {@code <AsyncRoot>}. */
        ASYNC_ROOT,
        /** An asynchronous appender in front: Log4j2's {@code <Async>}, Logback's {@code AsyncAppender}. */
        ASYNC_APPENDER
    }

    /** The handoffs {@link #configure(Config, String, Handoff)} supports; none by default. */
    default java.util.Set<Handoff> handoffs() {
        return java.util.Set.of();
    }

    /**
     * Configures {@code config} with the appender behind {@code handoff}, one of {@link #handoffs()}. By default
     * a framework has none, and this does nothing.
     */
    default void configure(Config config, String webhookUrl, Handoff handoff) {}

    void error(String logger, String message, Throwable thrown);

    void error(String logger, String format, Object argument);

    /** Logs an error with {@code key=value} in the MDC (Logback) or ThreadContext (Log4j2). */
    void errorWithMdc(String logger, String message, Throwable thrown, String key, String value);

    /** Logs an error with every entry of {@code mdc} in the MDC (Logback) or ThreadContext (Log4j2). */
    void errorWithMdc(String logger, String message, java.util.Map<String, String> mdc);

    /**
     * Logs an error whose message is structured data and has no template text (Log4j2's {@code MapMessage});
     * only where {@link #logsStructuredMessages()}.
     */
    default void errorStructured(String logger, java.util.Map<String, String> fields) {
        throw new UnsupportedOperationException("no structured messages in this framework");
    }

    /** True if the framework has messages of structured data with an empty format (Log4j2's {@code MapMessage}). */
    default boolean logsStructuredMessages() {
        return false;
    }

    void warn(String logger, String message);

    void info(String logger, String message);

    void debug(String logger, String message);

    /** Stops the logging context, as an application's shutdown does. Idempotent. */
    void stop();

    /** True if the configuration produced a running appender. */
    boolean appenderRunning();

    DeliveryStats stats();

    /** Every status line of the framework, its own included, one per line. */
    String statusText();

    /** The message the framework reports for a missing webhookUrl. */
    String missingUrlReport();

    /**
     * Hostile inputs (names from {@link HostileInputs#all()}) that the framework itself throws on,
     * before any appender is called; the contract checks that it is exactly these.
     */
    default java.util.Set<String> inputsTheFrameworkRefuses() {
        return java.util.Set.of();
    }

    /**
     * True if the framework itself drops an event logged from inside an appender on the same thread
     * (Log4j2's AppenderControl does), so that the appender never sees it; false if the appender's
     * own guard has to (Logback 1.5.21+ guards appenders only if they ask).
     */
    default boolean frameworkDropsReentrantEvents() {
        return false;
    }

    /** A class whose main(webhookUrl) configures TUNED in a fresh JVM and logs (com.acme.A, IllegalStateException). */
    Class<?> secondJvmMain();
}
