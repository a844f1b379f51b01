package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.DeliveryStats;
import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.StatusReporter;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Owns one {@link GoogleChatSender} across Log4j2 reconfigurations. Log4j2 builds the new
 * configuration's appender before stopping the old one; both find this manager by name, which is
 * made of the appender's name and a fingerprint of its settings, so an unchanged appender keeps its
 * dispatcher thread, queue and counts, and a changed one gets a new sender. The sender stops
 * (flushing within its own {@code shutdownTimeout}) when the last appender using it releases it.
 */
final class GoogleChatManager extends AbstractManager {

    private static final Factory FACTORY = new Factory();

    private final GoogleChatSender sender;

    private GoogleChatManager(String name, GoogleChatSender sender) {
        super(null, name);
        this.sender = sender;
    }

    /**
     * @param fingerprint distinguishes settings; derived from, but not revealing, the webhook URL
     */
    static GoogleChatManager getManager(SenderSettings settings, String fingerprint) {
        return getManager("GoogleChat:" + settings.name() + ':' + fingerprint, FACTORY, settings);
    }

    GoogleChatSender sender() {
        return sender;
    }

    DeliveryStats stats() {
        return sender.stats();
    }

    /**
     * Log4j2's shutdown hook passes a timeout of 0, which would lose the last errors; the sender
     * always uses its own {@code shutdownTimeout} instead.
     */
    @Override
    protected boolean releaseSub(long timeout, TimeUnit timeUnit) {
        sender.stop();
        return true;
    }

    private static final class Factory implements ManagerFactory<GoogleChatManager, SenderSettings> {
        @Override
        public GoogleChatManager createManager(String name, SenderSettings settings) {
            return new GoogleChatManager(name, GoogleChatSender.start(settings, new Log4j2Status(settings.name())));
        }
    }

    /** Binds the core's reports to Log4j2's StatusLogger, never to a logger. */
    private static final class Log4j2Status implements StatusReporter {
        private static final StatusLogger STATUS = StatusLogger.getLogger();
        private final String prefix;

        Log4j2Status(String appenderName) {
            this.prefix = "GoogleChat appender '" + appenderName + "': ";
        }

        @Override
        public void info(String message) {
            STATUS.info(prefix + message);
        }

        @Override
        public void warn(String message) {
            STATUS.warn(prefix + message);
        }

        @Override
        public void error(String message) {
            STATUS.error(prefix + message);
        }
    }
}
