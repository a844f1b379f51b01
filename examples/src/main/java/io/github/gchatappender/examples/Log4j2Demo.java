package io.github.gchatappender.examples;

import io.github.gchatappender.log4j2.GoogleChatAppender;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Logs a few errors through Log4j2 ({@code log4j2.xml}) and shows what reaches Chat. */
public final class Log4j2Demo {

    private Log4j2Demo() {
    }

    public static void main(String[] args) throws IOException {
        try (DemoWebhook webhook = DemoWebhook.choose()) {
            Logger orders = LogManager.getLogger("com.example.shop.OrderService");
            Logger payments = LogManager.getLogger("com.example.shop.PaymentClient");

            orders.info("Order 1001 placed");                   // below ERROR: not sent
            orders.warn("Inventory low for SKU {}", "A-17");      // below ERROR: not sent
            for (int i = 0; i < 4; i++) {
                orders.error("Order {} could not be reserved", 1002 + i, new IllegalStateException("inventory locked"));
            }
            payments.error("Payment for order {} failed", 1002,
                    new IOException("gateway unreachable", new UncheckedIOException(new IOException("connection reset"))));
            payments.error("Payment provider answered 502 for order {}", 1007);

            // Stopping the context flushes what the appender still holds.
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            GoogleChatAppender appender = context.getConfiguration().getAppender("GoogleChat");
            context.stop();
            System.out.println(appender.getDeliveryStats());
            webhook.summary();
        }
    }
}
