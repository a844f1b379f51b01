package io.github.gchatappender.spring;

import io.github.gchatappender.log4j2.GoogleChatAppender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
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
 * appender to each that has no Google Chat appender of its own; the old configuration stops the old one.
 *
 * <p>The appender is named {@value #NAME}, or, when the configuration holds an appender of that name
 * already (Log4j2's own {@code <Http name="GoogleChat">}, say), a free name made from it: a
 * configuration keeps the appender it has and silently drops a new one of the same name. Each
 * configuration gets at most one attempt: attaching calls {@code updateLoggers}, which reports the
 * configuration again to the listener that attached.
 */
final class Log4j2Attachment implements Attachment {

    static final String NAME = "GoogleChat";
    private final FollowedContexts<LoggerContext> followed = new FollowedContexts<>();
    private final OwnAppenders own = new OwnAppenders();
    /** The configurations the follower attached to, or tried to; held weakly, compared by identity. */
    private final Set<Configuration> attempted =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Override
    public boolean isActive() {
        return LogManager.getContext(false) instanceof LoggerContext;
    }

    @Override
    public String displayName() {
        return "Log4j2";
    }

    @Override
    public String appenderName() {
        return NAME;
    }

    @Override
    public List<String> levels() {
        return StarterSettings.LEVELS;
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    /** The Google Chat appenders of the current configuration, by name, with their counts. */
    @Override
    public List<AttachedAppender> appenders() {
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
    @Override
    public void pause() {
        followed.pause(context());
    }

    /** See {@link LogbackAttachment#keptOwnAppender()}. */
    @Override
    public boolean keptOwnAppender() {
        LoggerContext context = context();
        if (followed.isPaused(context)
                && context.getConfiguration().getAppenders().values().stream().anyMatch(own::contains)) {
            followed.resume(context);
            return true;
        }
        return false;
    }

    /** Now and after each reconfiguration to a configuration without a Google Chat appender of its own. */
    @Override
    public String attach(StarterSettings settings) {
        LoggerContext context = context();
        Configuration configuration = context.getConfiguration();
        attempted.add(configuration);
        GoogleChatAppender attached = attach(configuration, settings);
        if (attached == null) {
            return null;
        }
        context.updateLoggers();
        if (!followed.follow(context, settings)) {
            // This context's listener follows its configurations already, now with these settings.
            return attached.getName();
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
                StarterSettings current = followed.settings(context);
                // Fired for level changes too (updateLoggers, which attaching calls itself): one attempt per
                // configuration, and none on a configuration with a Google Chat appender of its own.
                if (current != null
                        && next.getAppenders().values().stream().noneMatch(GoogleChatAppender.class::isInstance)
                        && attempted.add(next)
                        && attach(next, current) != null) {
                    context.updateLoggers(next);
                }
            }
        });
        return attached.getName();
    }

    /** {@value #NAME}, or {@code GoogleChat-starter}, {@code GoogleChat-starter-2} … if taken. */
    private static String freeName(Configuration configuration) {
        if (configuration.getAppenders().get(NAME) == null) {
            return NAME;
        }
        String name = NAME + "-starter";
        for (int n = 2; configuration.getAppenders().containsKey(name); n++) {
            name = NAME + "-starter-" + n;
        }
        return name;
    }

    /** Hands the settings over as they are: the appender takes its name, and the level, which is Log4j2's. */
    private GoogleChatAppender attach(Configuration configuration, StarterSettings settings) {
        String name = freeName(configuration);
        GoogleChatAppender appender = GoogleChatAppender.newBuilder()
                .setName(name)
                .setConfiguration(configuration)
                .setSettings(settings.sender())
                .setLevel(settings.level())
                .build();
        if (appender == null) {
            return null;
        }
        appender.start();
        configuration.addAppender(appender);
        if (configuration.getAppenders().get(name) != appender) {
            // Added meanwhile under the same name by another thread: addAppender kept that one.
            appender.stop();
            return null;
        }
        own.add(appender);
        for (String logger : StarterSettings.outermost(settings.loggers(), ".", candidate -> {
            LoggerConfig existing = configuration.getLoggers().get(candidate);
            return existing == null || existing.isAdditive();
        })) {
            boolean root = StarterSettings.isRoot(logger);
            LoggerConfig config = root ? configuration.getRootLogger() : configuration.getLoggerConfig(logger);
            if (!root && !config.getName().equals(logger)) {
                config = new LoggerConfig(
                        logger, null, true); // Only this logger and its children, not its parent's others.
                configuration.addLogger(logger, config);
            }
            config.addAppender(appender, null, null);
        }
        return appender;
    }
}
