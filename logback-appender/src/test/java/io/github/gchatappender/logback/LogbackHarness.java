package io.github.gchatappender.logback;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.testkit.AppenderHarness;
import java.util.EnumSet;
import java.util.Set;

/** Binds the appender contract to Logback: a LoggerContext of its own per test, configured by Joran. */
final class LogbackHarness implements AppenderHarness {

    private LoggerContext context;
    private GoogleChatAppender appender;

    @Override
    public void configure(Config config, String webhookUrl) {
        context = LogbackConfigs.configure(config.file("logback"), webhookUrl);
        // Kept now: stopping the context detaches its appenders.
        appender = LogbackConfigs.appender(context);
    }

    @Override
    public Set<Handoff> handoffs() {
        return EnumSet.of(Handoff.ASYNC_APPENDER);
    }

    @Override
    public void configure(Config config, String webhookUrl, Handoff handoff) {
        if (config != Config.TUNED || handoff != Handoff.ASYNC_APPENDER) {
            throw new IllegalArgumentException("behind " + handoff + " with " + config + ": not configured");
        }
        context = LogbackConfigs.configure("logback-gchat-async-appender.xml", webhookUrl);
        AsyncAppender async = (AsyncAppender) context.getLogger("ROOT").getAppender("ASYNC");
        appender = (GoogleChatAppender) async.getAppender("GOOGLE_CHAT");
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
        org.slf4j.spi.MDCAdapter mdc = LogbackConfigs.mdcOf(context);
        mdc.put(key, value);
        try {
            context.getLogger(logger).error(message, thrown);
        } finally {
            mdc.remove(key);
        }
    }

    @Override
    public void errorWithMdc(String logger, String message, java.util.Map<String, String> entries) {
        org.slf4j.spi.MDCAdapter mdc = LogbackConfigs.mdcOf(context);
        entries.forEach(mdc::put);
        try {
            context.getLogger(logger).error(message);
        } finally {
            entries.keySet().forEach(mdc::remove);
        }
    }

    /**
     * Before 1.5.21, Logback's UnsynchronizedAppenderBase guarded doAppend itself with a ThreadLocal
     * and dropped a re-entrant event before the appender saw it; 1.5.21 made that guard optional,
     * behind buildReentryGuard().
     */
    @Override
    public boolean frameworkDropsReentrantEvents() {
        try {
            ch.qos.logback.core.UnsynchronizedAppenderBase.class.getDeclaredMethod("buildReentryGuard");
            return false;
        } catch (NoSuchMethodException olderLogback) {
            return true;
        }
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
    }

    @Override
    public boolean appenderRunning() {
        return appender != null && appender.isStarted();
    }

    @Override
    public DeliveryStats stats() {
        return appender.getDeliveryStats();
    }

    @Override
    public String statusText() {
        return context == null ? "" : LogbackConfigs.statusText(context);
    }

    @Override
    public String missingUrlReport() {
        return "WARN Google Chat appender 'GOOGLE_CHAT' not started: <webhookUrl> is missing";
    }

    /** Logback's ThrowableProxy calls getMessage() in the logging call itself, unguarded (1.5.38). */
    @Override
    public java.util.Set<String> inputsTheFrameworkRefuses() {
        return java.util.Set.of("getMessage() throws");
    }

    @Override
    public Class<?> secondJvmMain() {
        return SecondJvmRun.class;
    }
}
