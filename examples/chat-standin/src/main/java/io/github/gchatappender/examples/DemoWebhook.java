package io.github.gchatappender.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decides where a demo posts and what it does after its run.
 *
 * <p>With {@code GOOGLE_CHAT_WEBHOOK_URL} set in the environment, the demo posts to that real space and
 * exits after its run. Otherwise it starts a {@link LocalChatServer}, prints the preview page's address
 * and the messages as they arrive, and after the run keeps serving the page until interrupted
 * (Ctrl-C), unless started with {@code --once}. {@code --port=N} pins the local server's port.
 */
public final class DemoWebhook implements AutoCloseable {

    static final String ENV = "GOOGLE_CHAT_WEBHOOK_URL";

    private final LocalChatServer local;
    private final boolean once;
    private final PrintStream console;

    private DemoWebhook(LocalChatServer local, boolean once, PrintStream console) {
        this.local = local;
        this.once = once;
        this.console = console;
    }

    /**
     * Reads the demo's arguments ({@code --once}, {@code --port=N}) and starts the local server if
     * needed; everything the demo shows goes to {@code console}.
     */
    public static DemoWebhook choose(String[] args, PrintStream console) throws IOException {
        boolean once = false;
        int port = 0;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue; // Maven passes an empty argument when -Ddemo.args is not set.
            } else if (arg.equals("--once")) {
                once = true;
            } else if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else {
                throw new IllegalArgumentException(
                        "Unknown argument '" + arg + "'; the demos take --once and --port=N");
            }
        }
        String real = System.getenv(ENV);
        if (real != null && !real.isBlank()) {
            console.println("Posting to the Google Chat space of " + ENV + ".");
            return new DemoWebhook(null, true, console);
        }
        LocalChatServer local = LocalChatServer.start(console, port);
        console.println(ENV + " is not set: posting to a local stand-in for Google Chat.");
        console.println("Preview page: " + local.previewUrl());
        return new DemoWebhook(local, once, console);
    }

    /** The local stand-in's webhook URL, or empty when the demo posts to a real space. */
    public Optional<String> localWebhookUrl() {
        return local == null ? Optional.empty() : Optional.of(local.webhookUrl());
    }

    /**
     * Hands the local URL to the appender as the {@code GOOGLE_CHAT_WEBHOOK_URL} system property, which
     * it reads when its configuration has no {@code webhookUrl}. Call before the logging framework starts.
     */
    public void exportAsSystemProperty() {
        localWebhookUrl().ifPresent(url -> System.setProperty(ENV, url));
    }

    /**
     * Waits until a thread whose label starts with {@code threadPrefix} has a message whose text contains
     * {@code text}, or {@code atMost} has passed. Posting to a real space, whose messages the demo cannot
     * see, it waits {@code atMost} less 10 s (at least 1 s): long enough for the message on a quiet space.
     *
     * @return whether the message arrived (always false with a real space)
     */
    public boolean awaitMessage(String threadPrefix, String text, Duration atMost) throws InterruptedException {
        if (local == null) {
            Thread.sleep(Math.max(1000, atMost.minusSeconds(10).toMillis()));
            return false;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        do {
            boolean arrived = local.threads().entrySet().stream()
                    .filter(thread -> thread.getKey().startsWith(threadPrefix))
                    .anyMatch(thread -> thread.getValue().stream().anyMatch(message -> message.contains(text)));
            if (arrived) {
                return true;
            }
            Thread.sleep(50);
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /**
     * Prints the appender's counts and the threads received, then, with the local server and without
     * {@code --once}, keeps serving the preview page until the JVM is interrupted.
     */
    public void finish(Object deliveryStats) throws InterruptedException {
        console.println(deliveryStats);
        finish();
    }

    /**
     * Prints the threads received, then, with the local server and without {@code --once}, keeps serving
     * the preview page until the JVM is interrupted.
     */
    public void finish() throws InterruptedException {
        if (local == null) {
            return;
        }
        console.println(local.threads().size() + " Chat threads, "
                + local.threads().values().stream().mapToInt(List::size).sum() + " messages.");
        if (!once) {
            console.println("Preview page: " + local.previewUrl() + " (serving until Ctrl-C; --once exits instead)");
            Thread.currentThread().join(); // Until the JVM is interrupted; the server's threads keep serving.
        }
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
            System.clearProperty(ENV);
        }
    }
}
