package io.github.gchatappender.examples;

import io.github.gchatappender.log4j2.GoogleChatAppender;
import java.io.PrintStream;
import java.util.function.Function;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Logs a shop's bad minute ({@link ShopTraffic}), then its storm going on and stopping, through Log4j2
 * ({@code log4j2.xml}), and shows what reaches Chat: with the short {@code updateInterval} and
 * {@code resolvedAfter} of its configuration, the storm's first message, a paced update and the resolved
 * notes. Arguments: {@code --once}, {@code --port=N} (see {@link DemoWebhook}).
 */
public final class Log4j2Demo {

    private Log4j2Demo() {}

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** The demo, showing what it does on {@code console}. */
    static void run(String[] args, PrintStream console) throws Exception {
        try (DemoWebhook webhook = DemoWebhook.choose(args, console)) {
            webhook.exportAsSystemProperty();
            Function<String, ShopTraffic.Log> loggers = name -> {
                Logger logger = LogManager.getLogger(name);
                return (level, message, arguments) -> logger.log(Level.valueOf(level), message, arguments);
            };
            ShopTraffic.run(loggers);
            // log4j2.xml paces the threads with short intervals, so that this shows an update and the notes.
            ShopTraffic.stormGoesOnThenStops(loggers, webhook);

            // Stopping the context flushes what the appender still holds.
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            GoogleChatAppender appender = context.getConfiguration().getAppender("GoogleChat");
            context.stop();
            webhook.finish(appender.getDeliveryStats());
        }
    }
}
