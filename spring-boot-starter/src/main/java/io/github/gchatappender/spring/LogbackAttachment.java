package io.github.gchatappender.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.util.Duration;
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
final class LogbackAttachment {

    static final String NAME = "GOOGLE_CHAT";
    private static final FollowedContexts<LoggerContext> FOLLOWED = new FollowedContexts<>();
    /**
     * Logback attaches appenders by instance, so a name taken by another appender costs nothing here; but an
     * appender from XML may carry the starter's name (the README's example does), so the starter's own are
     * recognised by identity.
     */
    private static final OwnAppenders OWN = new OwnAppenders();

    private LogbackAttachment() {}

    static boolean isActive() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
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
    static List<AttachedAppender> appenders() {
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
    static void pause() {
        FOLLOWED.pause(context());
    }

    /**
     * Whether the appender this attachment made before a pause is still attached: Boot kept the logging
     * system of an application that still runs. If so, it is followed again as before.
     */
    static boolean keptOwnAppender() {
        LoggerContext context = context();
        if (FOLLOWED.isPaused(context) && chatAppenders(context).stream().anyMatch(OWN::contains)) {
            FOLLOWED.resume(context);
            return true;
        }
        return false;
    }

    /**
     * Builds, starts and attaches an appender with these properties, now and after each reconfiguration.
     *
     * @return the appender's name, or null if it did not start (it reported why)
     */
    static String attach(GoogleChatProperties p) {
        LoggerContext context = context();
        if (!attach(context, p)) {
            return null;
        }
        if (FOLLOWED.follow(context, p)) {
            // Configuration listeners outlive the context's resets, unlike its other listeners.
            context.addConfigurationEventListener(event -> {
                if (event.getEventType() == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY
                        || event.getEventType()
                                == ConfigurationEvent.EventType.CONFIGURATION_ENDED_WITH_XML_PARSING_ERRORS) {
                    // Boot configures a stopped context when it sets logging up; the listener attaches after
                    // that, with the starting application's properties. So only a started context's
                    // reconfiguration is followed here, under the lock that stop() holds while it resets:
                    // a scan that ends during shutdown must not attach to a context stopping or stopped.
                    ReentrantLock lock = context.getConfigurationLock();
                    lock.lock();
                    try {
                        GoogleChatProperties followed = FOLLOWED.properties(context);
                        if (followed != null
                                && context.isStarted()
                                && appenders(context).isEmpty()) {
                            attach(context, followed);
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            });
        }
        return NAME;
    }

    /**
     * Logback's durations are whole milliseconds. A finer one is rounded up, so that {@code 500us} is 1 ms:
     * cut to 0, a timeout would be refused and the appender would not start, and a batch window would be off.
     */
    static Duration wholeMillis(java.time.Duration duration) {
        long millis = duration.toMillis();
        return Duration.buildByMilliseconds(
                duration.compareTo(java.time.Duration.ofMillis(millis)) > 0 ? millis + 1 : millis);
    }

    private static boolean attach(LoggerContext context, GoogleChatProperties p) {
        GoogleChatAppender appender = new GoogleChatAppender();
        appender.setContext(context);
        appender.setName(NAME);
        appender.setWebhookUrl(p.getWebhookUrl());
        appender.setLevel(p.getLevel());
        appender.setApplicationName(p.getApplicationName());
        appender.setEnvironment(p.getEnvironment());
        appender.setFormat(p.getFormat());
        appender.setMention(StarterSettings.joined(p.getMention()));
        appender.setLinkTemplate(p.getLinkTemplate());
        appender.setMdcKeys(StarterSettings.joined(p.getMdcKeys()));
        appender.setAppPackages(StarterSettings.joined(p.getAppPackages()));
        appender.setBatchWindow(wholeMillis(p.getBatchWindow()));
        appender.setMessagesPerSecond(p.getMessagesPerSecond());
        appender.setQueueSize(p.getQueueSize());
        appender.setMaxRetries(p.getMaxRetries());
        appender.setConnectTimeout(wholeMillis(p.getConnectTimeout()));
        appender.setRequestTimeout(wholeMillis(p.getRequestTimeout()));
        appender.setShutdownTimeout(wholeMillis(p.getShutdownTimeout()));
        appender.setTimeZone(p.getTimeZone());
        appender.setProxy(p.getProxy());
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        OWN.add(appender);
        for (String name : StarterSettings.outermost(p.getLoggers(), ".$", logger -> {
            Logger existing = context.exists(logger);
            return existing == null || existing.isAdditive();
        })) {
            context.getLogger(name).addAppender(appender);
        }
        return true;
    }
}
