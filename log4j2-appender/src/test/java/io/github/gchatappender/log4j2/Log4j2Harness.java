package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.testkit.AppenderHarness;
import java.util.EnumSet;
import java.util.Set;
import org.apache.logging.log4j.core.LoggerContext;

/** Binds the appender contract to Log4j2: a LoggerContext of its own per test, from a log4j2.xml. */
final class Log4j2Harness implements AppenderHarness {

    private final Log4j2Configs.RecordedStatus status = Log4j2Configs.RecordedStatus.register();
    private LoggerContext context;
    private GoogleChatAppender appender;

    @Override
    public void configure(Config config, String webhookUrl) {
        context = Log4j2Configs.start(config.file("log4j2"), webhookUrl);
        appender = Log4j2Configs.appender(context);
    }

    @Override
    public Set<Handoff> handoffs() {
        return EnumSet.allOf(Handoff.class);
    }

    @Override
    public void configure(Config config, String webhookUrl, Handoff handoff) {
        if (config != Config.TUNED) {
            throw new IllegalArgumentException("behind " + handoff + " only TUNED is configured, not " + config);
        }
        switch (handoff) {
            case ASYNC_LOGGERS:
                // What AsyncLoggerContextSelector makes; set JVM-wide, the selector would change every other test.
                context = Log4j2Configs.startAsync(config.file("log4j2"), webhookUrl);
                break;
            case ASYNC_ROOT:
                context = Log4j2Configs.start("log4j2-gchat-async-root.xml", webhookUrl);
                break;
            default:
                context = Log4j2Configs.start("log4j2-gchat-async-appender.xml", webhookUrl);
                break;
        }
        appender = Log4j2Configs.appender(context);
    }

    @Override
    public void error(String logger, String message, Throwable thrown) {
        context.getLogger(logger).error(message, thrown);
    }

    @Override
    public void error(String logger, String format, Object argument) {
        context.getLogger(logger).error(format, argument);
    }

    @Override
    public void errorWithMdc(String logger, String message, Throwable thrown, String key, String value) {
        org.apache.logging.log4j.ThreadContext.put(key, value);
        try {
            context.getLogger(logger).error(message, thrown);
        } finally {
            org.apache.logging.log4j.ThreadContext.remove(key);
        }
    }

    @Override
    public void errorWithMdc(String logger, String message, java.util.Map<String, String> mdc) {
        org.apache.logging.log4j.ThreadContext.putAll(mdc);
        try {
            context.getLogger(logger).error(message);
        } finally {
            org.apache.logging.log4j.ThreadContext.removeAll(mdc.keySet());
        }
    }

    @Override
    public void errorStructured(String logger, java.util.Map<String, String> fields) {
        context.getLogger(logger).error(new org.apache.logging.log4j.message.StringMapMessage(fields));
    }

    @Override
    public boolean logsStructuredMessages() {
        return true;
    }

    @Override
    public void warn(String logger, String message) {
        context.getLogger(logger).warn(message);
    }

    @Override
    public void info(String logger, String message) {
        context.getLogger(logger).info(message);
    }

    @Override
    public void debug(String logger, String message) {
        context.getLogger(logger).debug(message);
    }

    @Override
    public void stop() {
        if (context != null) {
            context.stop();
        }
        status.unregister();
    }

    @Override
    public boolean appenderRunning() {
        return appender != null && appender.isStarted();
    }

    @Override
    public DeliveryStats stats() {
        return appender.getDeliveryStats();
    }

    /** Every StatusLogger line since this harness was made, DEBUG included. */
    @Override
    public String statusText() {
        return status.all();
    }

    @Override
    public String missingUrlReport() {
        return "ERROR GoogleChat appender 'GoogleChat' not created: attribute webhookUrl is missing";
    }

    /** Log4j2's AppenderControl drops a recursive call to an appender ("Recursive call to appender"). */
    @Override
    public boolean frameworkDropsReentrantEvents() {
        return true;
    }

    @Override
    public Class<?> secondJvmMain() {
        return SecondJvmRun.class;
    }
}
