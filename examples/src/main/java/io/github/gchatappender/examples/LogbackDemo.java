package io.github.gchatappender.examples;

import ch.qos.logback.classic.LoggerContext;
import io.github.gchatappender.logback.GoogleChatAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Logs a few errors through SLF4J and Logback ({@code logback.xml}) and shows what reaches Chat. */
public final class LogbackDemo {

    private LogbackDemo() {
    }

    public static void main(String[] args) throws IOException {
        try (DemoWebhook webhook = DemoWebhook.choose()) {
            Logger orders = LoggerFactory.getLogger("com.example.shop.OrderService");
            Logger payments = LoggerFactory.getLogger("com.example.shop.PaymentClient");

            orders.info("Order 1001 placed");                   // below ERROR: not sent
            orders.warn("Inventory low for SKU {}", "A-17");      // below ERROR: not sent
            orders.error("Order {} could not be reserved", 1002, new IllegalStateException("inventory locked"));
            for (int i = 0; i < 3; i++) {
                orders.error("Order {} could not be reserved", 1003 + i, new IllegalStateException("inventory locked"));
            }
            payments.error("Payment for order {} failed", 1002,
                    new IOException("gateway unreachable", new UncheckedIOException(new IOException("connection reset"))));
            payments.error("Payment provider answered 502 for order {}", 1007);

            // Stopping the context flushes what the appender still holds.
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            GoogleChatAppender appender = (GoogleChatAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("GOOGLE_CHAT");
            context.stop();
            System.out.println(appender.getDeliveryStats());
            webhook.summary();
        }
    }
}
