package io.github.gchatappender.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.util.Duration;
import io.github.gchatappender.logback.GoogleChatAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Attaches the Logback appender to Boot's Logback context; only loaded when Logback runs. */
final class LogbackAttachment {

    static final String NAME = "GOOGLE_CHAT";

    private LogbackAttachment() {
    }

    static boolean isActive() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
    }

    /** The Google Chat appenders attached to any logger now, by name, with their counts. */
    static List<AttachedAppender> appenders() {
        List<AttachedAppender> found = new ArrayList<>();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appender instanceof GoogleChatAppender
                        && found.stream().noneMatch(a -> a.name().equals(appender.getName()))) {
                    GoogleChatAppender chat = (GoogleChatAppender) appender;
                    found.add(new AttachedAppender(appender.getName(), chat::getDeliveryStats, chat::getHealth));
                }
            }
        }
        return found;
    }

    /** Builds, starts and attaches an appender with these properties; false if it did not start. */
    static boolean attach(GoogleChatProperties p) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
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
        appender.setBatchWindow(Duration.buildByMilliseconds(p.getBatchWindow().toMillis()));
        appender.setMessagesPerSecond(p.getMessagesPerSecond());
        appender.setQueueSize(p.getQueueSize());
        appender.setMaxRetries(p.getMaxRetries());
        appender.setConnectTimeout(Duration.buildByMilliseconds(p.getConnectTimeout().toMillis()));
        appender.setRequestTimeout(Duration.buildByMilliseconds(p.getRequestTimeout().toMillis()));
        appender.setShutdownTimeout(Duration.buildByMilliseconds(p.getShutdownTimeout().toMillis()));
        appender.setTimeZone(p.getTimeZone());
        appender.setProxy(p.getProxy());
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        for (String name : p.getLoggers()) {
            context.getLogger(name).addAppender(appender);
        }
        return true;
    }
}
