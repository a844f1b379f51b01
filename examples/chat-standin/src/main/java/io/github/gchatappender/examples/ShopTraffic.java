package io.github.gchatappender.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What the demos log, whatever the framework: what a small shop service logs on a bad minute. Three
 * kinds of error with an exception, one without, a repeated error, a storm, nested causes, and INFO
 * and WARN lines that must not reach Chat.
 */
public final class ShopTraffic {

    /** Errors in the storm: far more than Chat's one message per second could carry one by one. */
    public static final int STORM = 500;
    /** Events at ERROR, of which Chat receives a handful of messages. */
    public static final int ERRORS = 4 + 1 + 1 + 1 + STORM;

    /** One logger of the demo's framework, reduced to what the traffic needs. */
    @FunctionalInterface
    public interface Log {
        void log(String level, String message, Object... arguments);
    }

    private ShopTraffic() {}

    /** Logs the traffic through {@code loggers}, which gives the logger of each name. */
    public static void run(Function<String, Log> loggers) {
        Log orders = loggers.apply("com.example.shop.OrderService");
        Log payments = loggers.apply("com.example.shop.PaymentClient");
        Log inventory = loggers.apply("com.example.shop.InventoryClient");
        Log checkout = loggers.apply("com.example.shop.web.CheckoutController");

        orders.log("INFO", "Order {} placed", 1001); // below ERROR: not sent
        orders.log("WARN", "Inventory low for SKU {}", "A-17"); // below ERROR: not sent
        for (int i = 0; i < 4; i++) { // one thread, one message: "x4"
            orders.log(
                    "ERROR", "Order {} could not be reserved", 1002 + i, new IllegalStateException("inventory locked"));
        }
        payments.log(
                "ERROR",
                "Payment for order {} failed",
                1002,
                new IOException(
                        "gateway unreachable", new UncheckedIOException(new IOException("connection reset by peer"))));
        payments.log("ERROR", "Payment provider answered 502 for order {}", 1007);
        checkout.log(
                "ERROR",
                "Checkout failed for cart {}",
                "c-88",
                new NullPointerException("Cannot invoke \"Cart.total()\" because \"cart\" is null"));
        for (int i = 0; i < STORM; i++) { // a storm: folded, never 500 messages
            inventory.log(
                    "ERROR",
                    "Stock lookup for SKU {} timed out",
                    "B-" + (i % 40),
                    new TimeoutException("inventory service did not answer within 2000 ms"));
        }
        orders.log("INFO", "Order {} placed", 1008); // below ERROR: not sent
    }
}
