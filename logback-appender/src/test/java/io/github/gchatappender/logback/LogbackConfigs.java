package io.github.gchatappender.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.util.stream.Collectors;

/** Loads a test resource as a real Logback configuration in a context of its own. */
final class LogbackConfigs {

    private LogbackConfigs() {}

    /**
     * A fresh context with an MDC adapter of its own where the Logback version lets a context have one
     * ({@code setMDCAdapter}, since 1.3.8 and 1.4.8); older versions share SLF4J's static one, which
     * these tests leave alone.
     */
    static LoggerContext newContext(String name) {
        LoggerContext context = new LoggerContext();
        context.setName(name);
        try {
            LoggerContext.class
                    .getMethod("setMDCAdapter", org.slf4j.spi.MDCAdapter.class)
                    .invoke(context, new LogbackMDCAdapter());
        } catch (NoSuchMethodException olderLogback) {
            // Before 1.3.8 / 1.4.8: the context uses the adapter SLF4J binds statically.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return context;
    }

    /** The MDC the context's events read: its own where it has one, else SLF4J's static one. */
    static org.slf4j.spi.MDCAdapter mdcOf(LoggerContext context) {
        try {
            return (org.slf4j.spi.MDCAdapter)
                    LoggerContext.class.getMethod("getMDCAdapter").invoke(context);
        } catch (NoSuchMethodException olderLogback) {
            return org.slf4j.MDC.getMDCAdapter();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Configures a context with {@code webhookUrl} as the GOOGLE_CHAT_WEBHOOK_URL system property,
     * the way the README recommends, and as the {@code gchat.webhookUrl} context property for
     * configurations that write {@code <webhookUrl>${gchat.webhookUrl}</webhookUrl>}.
     */
    static LoggerContext configure(String resource, String webhookUrl) {
        LoggerContext context = newContext(resource);
        if (webhookUrl != null) {
            context.putProperty("gchat.webhookUrl", webhookUrl);
            System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", webhookUrl);
        }
        try {
            return configure(context, resource);
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }

    /** Configures with {@code webhookUrl} as the context property, {@code listener} registered on the status manager first. */
    static LoggerContext configure(String resource, String webhookUrl, StatusListener listener) {
        LoggerContext context = newContext(resource);
        context.getStatusManager().add(listener);
        context.putProperty("GOOGLE_CHAT_WEBHOOK_URL", webhookUrl);
        return configure(context, resource);
    }

    /** Configures a context whose only source of values is the context property {@code name}. */
    static LoggerContext configureWithContextProperty(String resource, String name, String value) {
        LoggerContext context = newContext(resource);
        context.putProperty(name, value);
        return configure(context, resource);
    }

    /** Configures a context whose only sources of values are these context properties. */
    static LoggerContext configureWithContextProperties(String resource, java.util.Map<String, String> properties) {
        LoggerContext context = newContext(resource);
        properties.forEach(context::putProperty);
        return configure(context, resource);
    }

    private static LoggerContext configure(LoggerContext context, String resource) {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogbackConfigs.class.getResource("/" + resource));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
        return context;
    }

    /** Every status line of the context, Logback's own included. */
    static String statusText(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .map(LogbackConfigs::describe)
                .collect(Collectors.joining("\n"));
    }

    /** The status lines the appender itself wrote; Logback's own are left out. */
    static String appenderStatusText(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getOrigin() instanceof GoogleChatAppender)
                .map(LogbackConfigs::describe)
                .collect(Collectors.joining("\n"));
    }

    private static String describe(Status status) {
        String level = status.getLevel() == Status.ERROR ? "ERROR" : status.getLevel() == Status.WARN ? "WARN" : "INFO";
        return level + " " + status.getMessage() + (status.getThrowable() == null ? "" : " " + status.getThrowable());
    }

    static GoogleChatAppender appender(LoggerContext context) {
        return (GoogleChatAppender) context.getLogger("ROOT").getAppender("GOOGLE_CHAT");
    }
}
