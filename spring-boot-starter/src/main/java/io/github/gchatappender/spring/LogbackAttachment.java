package io.github.gchatappender.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.ConfigurationEvent;
import io.github.gchatappender.logback.GoogleChatAppender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.LoggerFactory;

/**
 * Attaches the Logback appender to Boot's Logback context; only loaded when Logback runs. A
 * reconfiguration outside Boot ({@code scan="true"} on a changed file, or a call to
 * {@code JoranConfigurator}) resets the context, which stops and detaches the appender; so the
 * attachment listens for the end of each configuration and attaches a new appender when the new
 * configuration has none of its own.
 */
final class LogbackAttachment implements Attachment {

    static final String NAME = "GOOGLE_CHAT";
    private final FollowedContexts<LoggerContext> followed = new FollowedContexts<>();
    /**
     * Logback attaches appenders by instance, so a name taken by another appender costs nothing here; but an
     * appender from XML may carry the starter's name (the README's example does), so the starter's own are
     * recognised by identity.
     */
    private final OwnAppenders own = new OwnAppenders();

    @Override
    public boolean isActive() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
    }

    @Override
    public String displayName() {
        return "Logback";
    }

    @Override
    public String appenderName() {
        return NAME;
    }

    @Override
    public List<String> levels() {
        return StarterSettings.LOGBACK_LEVELS;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /**
     * The Google Chat appenders that any logger's events reach now, by name, with their counts: attached
     * to a logger, or behind an appender that passes events on ({@code AsyncAppender}, or any other
     * {@link AppenderAttachable}). Missing one behind an {@code AsyncAppender} would make the starter attach
     * its own as well, and every error would be posted twice.
     */
    @Override
    public List<AttachedAppender> appenders() {
        return appenders(context());
    }

    private static List<AttachedAppender> appenders(LoggerContext context) {
        List<AttachedAppender> found = new ArrayList<>();
        for (GoogleChatAppender chat : chatAppenders(context)) {
            if (found.stream().noneMatch(a -> a.name().equals(chat.getName()))) {
                // Each Logback appender has a sender of its own: a new appender counts from 0.
                found.add(new AttachedAppender(chat.getName(), chat, chat::getDeliveryStats, chat::getHealth));
            }
        }
        return found;
    }

    /** Every Google Chat appender that a logger's events reach, directly or through a wrapper, once each. */
    private static List<GoogleChatAppender> chatAppenders(LoggerContext context) {
        List<GoogleChatAppender> found = new ArrayList<>();
        // By identity: one appender may be reached from several loggers, and a wrapper could (wrongly) hold itself.
        Set<Appender<ILoggingEvent>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Logger logger : context.getLoggerList()) {
            collect(logger, found, seen);
        }
        return found;
    }

    private static void collect(
            AppenderAttachable<ILoggingEvent> holder,
            List<GoogleChatAppender> found,
            Set<Appender<ILoggingEvent>> seen) {
        for (Iterator<Appender<ILoggingEvent>> it = holder.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (!seen.add(appender)) {
                continue;
            }
            if (appender instanceof GoogleChatAppender) {
                found.add((GoogleChatAppender) appender);
            } else if (appender instanceof AppenderAttachable) {
                @SuppressWarnings(
                        "unchecked") // Logback's wrappers of ILoggingEvent appenders hold appenders of the same.
                AppenderAttachable<ILoggingEvent> wrapper = (AppenderAttachable<ILoggingEvent>) appender;
                collect(wrapper, found, seen);
            }
        }
    }

    /** See {@link FollowedContexts#pause}. */
    @Override
    public void pause() {
        followed.pause(context());
    }

    /**
     * Whether the appender this attachment made before a pause is still attached: Boot kept the logging
     * system of an application that still runs. If so, it is followed again as before.
     */
    @Override
    public boolean keptOwnAppender() {
        LoggerContext context = context();
        if (followed.isPaused(context) && chatAppenders(context).stream().anyMatch(own::contains)) {
            followed.resume(context);
            return true;
        }
        return false;
    }

    /** Now and after each reconfiguration that leaves the context without a Google Chat appender. */
    @Override
    public String attach(StarterSettings settings) {
        LoggerContext context = context();
        if (!attach(context, settings)) {
            return null;
        }
        if (followed.follow(context, settings)) {
            // Configuration listeners outlive the context's resets, unlike its other listeners.
            context.addConfigurationEventListener(event -> {
                if (event.getEventType() == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY
                        || event.getEventType()
                                == ConfigurationEvent.EventType.CONFIGURATION_ENDED_WITH_XML_PARSING_ERRORS) {
                    // Boot configures a stopped context when it sets logging up; the listener attaches after
                    // that, with the starting application's settings. So only a started context's
                    // reconfiguration is followed here, under the lock that stop() holds while it resets:
                    // a scan that ends during shutdown must not attach to a context stopping or stopped.
                    ReentrantLock lock = context.getConfigurationLock();
                    lock.lock();
                    try {
                        StarterSettings current = followed.settings(context);
                        if (current != null
                                && context.isStarted()
                                && appenders(context).isEmpty()) {
                            attach(context, current);
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            });
        }
        return NAME;
    }

    /** Hands the settings over as they are: the appender takes its name, and the level, which is Logback's. */
    private boolean attach(LoggerContext context, StarterSettings settings) {
        GoogleChatAppender appender = new GoogleChatAppender(settings.sender());
        appender.setContext(context);
        appender.setName(NAME);
        appender.setLevel(settings.level());
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        own.add(appender);
        for (String name : StarterSettings.outermost(settings.loggers(), ".$", logger -> {
            Logger existing = context.exists(logger);
            return existing == null || existing.isAdditive();
        })) {
            context.getLogger(name).addAppender(appender);
        }
        return true;
    }
}
