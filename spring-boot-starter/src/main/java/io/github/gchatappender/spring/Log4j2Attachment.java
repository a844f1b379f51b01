package io.github.gchatappender.spring;

import io.github.gchatappender.log4j2.GoogleChatAppender;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.NullConfiguration;

/**
 * Attaches the Log4j2 appender to Boot's Log4j2 configuration; only loaded when Log4j2 runs. A
 * reconfiguration (Boot's own during startup, or a file that changed) makes a new configuration
 * without it, so the attachment follows the context's configuration changes and attaches a new
 * appender to each; the old configuration stops the old one.
 */
final class Log4j2Attachment {

    static final String NAME = "GoogleChat";
    private static final FollowedContexts<LoggerContext> FOLLOWED = new FollowedContexts<>();

    private Log4j2Attachment() {}

    static boolean isActive() {
        return LogManager.getContext(false) instanceof LoggerContext;
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    /** The Google Chat appenders of the current configuration, by name, with their counts. */
    static List<AttachedAppender> appenders() {
        List<AttachedAppender> found = new ArrayList<>();
        for (Appender appender : context().getConfiguration().getAppenders().values()) {
            if (appender instanceof GoogleChatAppender) {
                GoogleChatAppender chat = (GoogleChatAppender) appender;
                // The counter is the name: a reconfiguration's new appender with the same settings shares the
                // manager, and with it the sender and its counts.
                found.add(new AttachedAppender(
                        appender.getName(), appender.getName(), chat::getDeliveryStats, chat::getHealth));
            }
        }
        return found;
    }

    /** See {@link FollowedContexts#pause}. */
    static void pause() {
        FOLLOWED.pause(context());
    }

    /** See {@link LogbackAttachment#keptOwnAppender()}. */
    static boolean keptOwnAppender() {
        LoggerContext context = context();
        if (FOLLOWED.isPaused(context) && context.getConfiguration().getAppender(NAME) instanceof GoogleChatAppender) {
            FOLLOWED.resume(context);
            return true;
        }
        return false;
    }

    /** Builds, starts and attaches an appender with these properties, now and after each reconfiguration. */
    static boolean attach(GoogleChatProperties p) {
        LoggerContext context = context();
        if (!attach(context.getConfiguration(), p)) {
            return false;
        }
        context.updateLoggers();
        if (!FOLLOWED.follow(context, p)) {
            return true; // This context's listener follows its configurations already, now with these properties.
        }
        context.addPropertyChangeListener(change -> {
            // Stopping installs a NullConfiguration: an appender attached there would hold the sender
            // open, and the last errors before exit would never be flushed.
            if (LoggerContext.PROPERTY_CONFIG.equals(change.getPropertyName())
                    && change.getNewValue() instanceof Configuration
                    && !(change.getNewValue() instanceof NullConfiguration)
                    && !context.isStopping()
                    && !context.isStopped()) {
                Configuration next = (Configuration) change.getNewValue();
                GoogleChatProperties followed = FOLLOWED.properties(context);
                // Fired for level changes too (updateLoggers): attach only to a configuration without it.
                if (followed != null
                        && !(next.getAppender(NAME) instanceof GoogleChatAppender)
                        && attach(next, followed)) {
                    context.updateLoggers(next);
                }
            }
        });
        return true;
    }

    private static boolean attach(Configuration configuration, GoogleChatProperties p) {
        GoogleChatAppender appender = GoogleChatAppender.newBuilder()
                .setName(NAME)
                .setConfiguration(configuration)
                .setWebhookUrl(p.getWebhookUrl())
                .setLevel(p.getLevel())
                .setApplicationName(p.getApplicationName())
                .setEnvironment(p.getEnvironment())
                .setFormat(p.getFormat())
                .setMention(StarterSettings.joined(p.getMention()))
                .setLinkTemplate(p.getLinkTemplate())
                .setMdcKeys(StarterSettings.joined(p.getMdcKeys()))
                .setAppPackages(StarterSettings.joined(p.getAppPackages()))
                .setBatchWindow(p.getBatchWindow().toString())
                .setMessagesPerSecond(p.getMessagesPerSecond())
                .setQueueSize(p.getQueueSize())
                .setMaxRetries(p.getMaxRetries())
                .setConnectTimeout(p.getConnectTimeout().toString())
                .setRequestTimeout(p.getRequestTimeout().toString())
                .setShutdownTimeout(p.getShutdownTimeout().toString())
                .setTimeZone(p.getTimeZone())
                .setProxy(p.getProxy())
                .build();
        if (appender == null) {
            return false;
        }
        appender.start();
        configuration.addAppender(appender);
        for (String name : StarterSettings.outermost(p.getLoggers(), ".", logger -> {
            LoggerConfig existing = configuration.getLoggers().get(logger);
            return existing == null || existing.isAdditive();
        })) {
            boolean root = StarterSettings.isRoot(name);
            LoggerConfig logger = root ? configuration.getRootLogger() : configuration.getLoggerConfig(name);
            if (!root && !logger.getName().equals(name)) {
                logger = new LoggerConfig(
                        name, null, true); // Only this logger and its children, not its parent's others.
                configuration.addLogger(name, logger);
            }
            logger.addAppender(appender, null, null);
        }
        return true;
    }
}
