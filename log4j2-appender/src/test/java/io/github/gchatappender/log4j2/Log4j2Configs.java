package io.github.gchatappender.log4j2;

import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** Starts a LoggerContext of its own from a test resource, and records the StatusLogger's output. */
final class Log4j2Configs {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private Log4j2Configs() {}

    static LoggerContext start(String resource, String webhookUrl) {
        if (webhookUrl != null) {
            System.setProperty("gchat.webhookUrl", webhookUrl);
        }
        try {
            return Configurator.initialize(
                    "test-" + CONTEXTS.incrementAndGet(),
                    Log4j2Configs.class.getClassLoader(),
                    Log4j2Configs.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            System.clearProperty("gchat.webhookUrl");
        }
    }

    /**
     * Starts an {@link AsyncLoggerContext}, which is what {@code AsyncLoggerContextSelector} makes: every
     * logger hands its events to the disruptor's thread.
     */
    static LoggerContext startAsync(String resource, String webhookUrl) {
        System.setProperty("gchat.webhookUrl", webhookUrl);
        try {
            LoggerContext context = new AsyncLoggerContext(
                    "test-async-" + CONTEXTS.incrementAndGet(),
                    null,
                    Log4j2Configs.class.getResource("/" + resource).toURI());
            context.start();
            return context;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            System.clearProperty("gchat.webhookUrl");
        }
    }

    static GoogleChatAppender appender(LoggerContext context) {
        return context.getConfiguration().getAppender("GoogleChat");
    }

    /** Records every StatusLogger line, DEBUG included, while registered. */
    static final class RecordedStatus implements StatusListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        static RecordedStatus register() {
            RecordedStatus recorded = new RecordedStatus();
            StatusLogger.getLogger().registerListener(recorded);
            return recorded;
        }

        @Override
        public void log(StatusData data) {
            lines.add(data.getLevel() + " " + data.getMessage().getFormattedMessage()
                    + (data.getThrowable() == null ? "" : " " + data.getThrowable()));
        }

        @Override
        public Level getStatusLevel() {
            return Level.DEBUG;
        }

        /** Stops recording; StatusLogger calls close() itself when it removes the listener. */
        void unregister() {
            StatusLogger.getLogger().removeListener(this);
        }

        @Override
        public void close() {
            // Nothing to release.
        }

        String all() {
            return String.join("\n", lines);
        }
    }
}
