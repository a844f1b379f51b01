package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * A share of the manager of these settings, found by a name that tells settings apart without revealing
     * the webhook URL (see {@link SettingsFingerprint}); made, with a new sender, if there is none.
     */
    static Share share(SenderSettings settings) {
        return new Share(getManager(
                "GoogleChat:" + settings.name() + ':' + SettingsFingerprint.of(settings), FACTORY, settings));
    }

    /**
     * One appender's share of a manager, which is reference-counted: released once however often the
     * appender is stopped, since a second release would stop the sender under the next configuration's
     * appender, which shares it.
     */
    static final class Share {
        private final GoogleChatManager manager;
        private final AtomicBoolean released = new AtomicBoolean();
        private final CountDownLatch releaseDone = new CountDownLatch(1);

        private Share(GoogleChatManager manager) {
            this.manager = manager;
        }

        GoogleChatSender sender() {
            return manager.sender;
        }

        /**
         * Releases the share; a second call waits until the first has released, so that it too returns with
         * nothing pending. Both are bounded by the sender's stop: {@code shutdownTimeout}, or {@code timeout}
         * when Log4j2 passes a shorter one (see {@link GoogleChatSender#stop(long, TimeUnit)}). The delivery
         * never waits under Log4j2's JVM-wide manager lock (see {@link GoogleChatManager#stop(long, TimeUnit)}).
         */
        boolean release(long timeout, TimeUnit timeUnit) {
            if (!released.compareAndSet(false, true)) {
                awaitRelease();
                return true;
            }
            try {
                return manager.stop(timeout, timeUnit);
            } finally {
                releaseDone.countDown();
            }
        }

        /** Waits for the first release even if this thread is interrupted meanwhile, then restores its flag. */
        private void awaitRelease() {
            boolean interrupted = false;
            while (true) {
                try {
                    releaseDone.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
