package io.github.gchatappender.examples;

import ch.qos.logback.classic.LoggerContext;
import io.github.gchatappender.logback.GoogleChatAppender;
import java.io.PrintStream;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a shop's bad minute ({@link ShopTraffic}), then its storm going on and stopping, through SLF4J and
 * Logback ({@code logback.xml}), and shows what reaches Chat: with the short {@code updateInterval} and
 * {@code resolvedAfter} of its configuration, the storm's first message, a paced update and the resolved
 * notes. Arguments: {@code --once}, {@code --port=N} (see {@link DemoWebhook}).
 */
public final class LogbackDemo {

    private LogbackDemo() {}

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** The demo, showing what it does on {@code console}. */
    static void run(String[] args, PrintStream console) throws Exception {
        try (DemoWebhook webhook = DemoWebhook.choose(args, console)) {
            webhook.exportAsSystemProperty();
            Function<String, ShopTraffic.Log> loggers = name -> {
                Logger logger = LoggerFactory.getLogger(name);
                return (level, message, arguments) -> {
                    switch (level) {
                        case "ERROR":
                            logger.error(message, arguments);
                            break;
                        case "WARN":
                            logger.warn(message, arguments);
                            break;
                        default:
                            logger.info(message, arguments);
                    }
                };
            };
            ShopTraffic.run(loggers);
            // logback.xml paces the threads with short intervals, so that this shows an update and the notes.
            ShopTraffic.stormGoesOnThenStops(loggers, webhook);

            // Stopping the context flushes what the appender still holds.
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            GoogleChatAppender appender = (GoogleChatAppender)
                    context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("GOOGLE_CHAT");
            context.stop();
            webhook.finish(appender.getDeliveryStats());
        }
    }
}
