package io.github.gchatappender.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What the demos log, whatever the framework: what a small shop service logs on a bad minute. Three
 * kinds of error with an exception, one without, a repeated error, a storm, nested causes, and INFO
 * and WARN lines that must not reach Chat ({@link #run}); and, for the demos that set a short
 * {@code updateInterval} and {@code resolvedAfter}, the storm going on past its first update and then
 * stopping, until its resolved note ({@link #stormGoesOnThenStops}).
 */
public final class ShopTraffic {

    /** Errors in the storm: far more than Chat's one message per second could carry one by one. */
    public static final int STORM = 500;
    /** Events at ERROR, of which Chat receives a handful of messages. */
    public static final int ERRORS = 4 + 1 + 1 + 1 + STORM;
    /**
     * How long the storm goes on after its first message: past the thread's first update, which pacing
     * sends 10 s after the first message.
     */
    public static final Duration STORM_GOES_ON = Duration.ofSeconds(12);
    /** Errors a second while the storm goes on. */
    public static final int STORM_GOES_ON_PER_SECOND = 10;
    /** Errors logged while the storm goes on. */
    public static final int STORM_MORE = (int) STORM_GOES_ON.toSeconds() * STORM_GOES_ON_PER_SECOND;
    /** The demos' {@code resolvedAfter}, as their {@code logback.xml} and {@code log4j2.xml} set it. */
    public static final Duration RESOLVED_AFTER = Duration.ofSeconds(8);
    /** The storm's thread, as the stand-in labels it: its key's readable part. */
    public static final String STORM_THREAD = "InventoryClient.TimeoutException-";

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
            stockLookupTimedOut(inventory, i);
        }
        orders.log("INFO", "Order {} placed", 1008); // below ERROR: not sent
    }

    /**
     * After {@link #run}: the storm goes on for {@link #STORM_GOES_ON} once its first message is in the
     * space, then stops, and the traffic waits for its resolved note. With the demos' {@code updateInterval}
     * of 20 s and {@code resolvedAfter} of 8 s, the storm's thread shows its first message (×500), one
     * update 10 s later with what came since, and the note 8 s after the last error; the other threads,
     * quiet since their first message, get their notes meanwhile. About 25 s in all.
     */
    public static void stormGoesOnThenStops(Function<String, Log> loggers, DemoWebhook webhook)
            throws InterruptedException {
        Log inventory = loggers.apply("com.example.shop.InventoryClient");
        // The first message's count stays the storm's 500: what follows is the update's.
        webhook.awaitMessage(STORM_THREAD, "", Duration.ofSeconds(15));
        long start = System.nanoTime();
        for (int i = 0; i < STORM_MORE; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(1) * i / STORM_GOES_ON_PER_SECOND;
            TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
            stockLookupTimedOut(inventory, STORM + i);
        }
        // Quiet from here: the note is due resolvedAfter after the last error, or after the update if later.
        webhook.awaitMessage(STORM_THREAD, "resolved", RESOLVED_AFTER.plusSeconds(20));
    }

    private static void stockLookupTimedOut(Log inventory, int i) {
        inventory.log(
                "ERROR",
                "Stock lookup for SKU {} timed out",
                "B-" + (i % 40),
                new TimeoutException("inventory service did not answer within 2000 ms"));
    }
}
