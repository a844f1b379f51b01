package io.github.gchatappender.shaded;

import io.github.gchatappender.log4j2.GoogleChatAppender;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * An application packaged as one shaded jar: it logs an error through the {@code log4j2.xml} it
 * carries, then prints whether Log4j2 found {@code <GoogleChat>} and what the appender delivered.
 * Exits with 0 when the error was delivered, 1 otherwise.
 */
public final class ShadedApp {

    private ShadedApp() {}

    public static void main(String[] args) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        GoogleChatAppender appender = context.getConfiguration().getAppender("GoogleChat");
        System.out.println(appender == null ? "GoogleChat appender: not found" : "GoogleChat appender: found");
        LogManager.getLogger("com.acme.shop.OrderService")
                .error("Order 42 could not be reserved", new IllegalStateException("inventory locked"));
        context.stop();
        if (appender == null) {
            System.exit(1);
        }
        System.out.println(appender.getDeliveryStats());
        System.exit(appender.getDeliveryStats().getEventsDelivered() == 1 ? 0 : 1);
    }
}
