package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Owns one {@link GoogleChatSender} across Log4j2 reconfigurations. Log4j2 builds the new
 * configuration's appender before stopping the old one; both find this manager by name, which is
 * made of the appender's name and a fingerprint of its settings, so an unchanged appender keeps its
 * dispatcher thread, queue and counts, and a changed one gets a new sender. The sender stops
 * (flushing within its own {@code shutdownTimeout}, or within Log4j2's stop timeout if shorter) when the
 * last appender using it releases it, outside Log4j2's JVM-wide manager lock.
 */
final class GoogleChatManager extends AbstractManager {

    private static final Factory FACTORY = new Factory();

    private final GoogleChatSender sender;
    /**
     * The thread that released the last share, set under the manager lock: it, and no other stop that
     * returns meanwhile, stops the sender, so that its caller returns with nothing pending.
     */
    private volatile Thread releasedBy;

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
     * Releases this share of the manager and, if it was the last, stops the sender: it refuses new events
     * and delivers what is pending within {@code timeout}, or within its own {@code shutdownTimeout} when
     * that is shorter or when Log4j2 passes 0 (its shutdown hook does, meaning "no limit given"; the last
     * errors would be lost otherwise).
     *
     * <p>The delivery waits outside Log4j2's JVM-wide manager lock, which {@code super.stop} holds while it
     * counts the release down: under it, a webhook that hangs would hold up every appender that gets a
     * manager meanwhile (a {@code <Routing>} appender's new route, a file appender of a reconfiguration),
     * on the application's threads, for up to {@code shutdownTimeout}.
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        boolean stopped = super.stop(timeout, timeUnit);
        if (releasedBy == Thread.currentThread()) {
            // Idempotent: a second release (Log4j2 calls releaseSub again on a manager stopped twice) waits
            // for the first to finish.
            sender.stop(timeout, timeUnit);
        }
        return stopped;
    }

    /**
     * Called by {@code super.stop} under Log4j2's manager lock when the last share is released: only marks
     * the sender to be stopped, once the lock is let go (see {@link #stop(long, TimeUnit)}). The manager has
     * left Log4j2's registry by then, so a new appender with the same name and settings gets a new sender.
     */
    @Override
    protected boolean releaseSub(long timeout, TimeUnit timeUnit) {
        releasedBy = Thread.currentThread();
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
