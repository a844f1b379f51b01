package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.report.StatusReporter;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The preview page as a real browser shows it, in headless Chromium (Debian's {@code chromium}
 * package), which loads the page, dumps the DOM it built and takes a screenshot: once for the
 * README's first command (the Logback demo, in a JVM of its own, serving until it is stopped), kept
 * as {@code target/preview-demo.png}, and once for TEXT and CARD messages side by side, kept as
 * {@code target/preview.png}.
 *
 * <p>Skipped where Chromium is not installed, unless {@code -Dpreview.browser=required} (which
 * {@code .ci/run} sets after installing it): in CI a missing browser fails the build.
 */
class PreviewPageBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(60);

    /** What {@code ./mvnw -Pdemo package -DskipTests} runs, with the class path Maven gives it. */
    @Test
    void theDemoServesItsThreadsUntilStopped() throws Exception {
        assumeChromium();
        ProcessBuilder demo = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LogbackDemo.class.getName())
                .redirectErrorStream(true);
        demo.environment().remove("GOOGLE_CHAT_WEBHOOK_URL");
        Process process = demo.start();
        try {
            String previewUrl = awaitLine(process, "(serving until Ctrl-C").replaceAll(".*(http://\\S+).*", "$1");

            String dom = chromium(previewUrl, "--dump-dom");
            assertThat(dom)
                    .contains(
                            "OrderService.IllegalStateException-",
                            "PaymentClient.IOException-",
                            "PaymentClient-",
                            "CheckoutController.NullPointerException-",
                            "InventoryClient.TimeoutException-")
                    .contains("×" + ShopTraffic.STORM + " in", "<b>ERROR</b>")
                    // The paced storm's update, and the resolved notes.
                    .contains("· again", "· resolved", "Resolved: no new event for")
                    .doesNotContain("Order 1001 placed", "Inventory low");
            screenshot(previewUrl, "preview-demo.png");
            assertThat(process.isAlive()).as("the demo still serves the page").isTrue();
        } finally {
            process.destroy(); // SIGTERM, as Ctrl-C sends SIGINT: the JVM runs its shutdown hooks and exits.
            assertThat(process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("the demo exited")
                    .isTrue();
        }
    }

    /** Reads the process's output until a line contains {@code marker}; fails after the timeout. */
    private static String awaitLine(Process process, String marker) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException ended) {
                        // The process was stopped.
                    }
                },
                "demo-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + BROWSER_TIMEOUT.toNanos();
        for (String line = ""; ; ) {
            assertThat(line).as("demo output").isNotNull();
            if (line.contains(marker)) {
                return line;
            }
            line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Test
    void chromiumShowsTheThreadsTheirTextAndTheirCards() throws Exception {
        assumeChromium();

        try (LocalChatServer chat =
                LocalChatServer.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            // Both senders run at once, so that they share the space's quota as two appenders of one JVM do.
            GoogleChatSender text = post(
                    chat,
                    "TEXT",
                    "com.example.shop.PaymentClient",
                    new java.io.IOException(
                            "gateway unreachable", new IllegalStateException("connection reset by peer")));
            GoogleChatSender card =
                    post(chat, "CARD", "com.example.shop.OrderService", new IllegalStateException("inventory locked"));
            text.stop();
            card.stop();
            assertThat(text.stats().getEventsDelivered() + card.stats().getEventsDelivered())
                    .isEqualTo(2);
            assertThat(chat.tooManyRequests()).as("429 answers").isZero();

            String dom = chromium(chat.previewUrl(), "--dump-dom");
            assertThat(dom)
                    .contains("PaymentClient.IOException-", "OrderService.IllegalStateException-")
                    .contains("gateway unreachable", "inventory locked")
                    .contains("<b>"); // Chat's *bold* rendered, not shown as asterisks

            screenshot(chat.previewUrl(), "preview.png");
        }
    }

    private static void assumeChromium() {
        boolean required = "required".equals(System.getProperty("preview.browser"));
        assumeTrue(
                required || Files.isExecutable(CHROMIUM),
                "Chromium is not installed; -Dpreview.browser=required fails instead");
    }

    /** A screenshot of the page in target/, checked to be the page: its size, and more than a few colours. */
    private static void screenshot(String url, String name) throws Exception {
        Path png = Paths.get("target", name).toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(url, "--screenshot=" + png, "--window-size=1000,1400");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(1400);
        assertThat(distinctColours(image))
                .as("a page with text and cards, not a blank or error page")
                .isGreaterThan(50);
    }

    /** One alert through the real sender and renderer, in the given format; stop() flushes it. */
    private static GoogleChatSender post(LocalChatServer chat, String format, String logger, Throwable thrown) {
        SenderSettings settings = SenderSettings.builder()
                .name("preview-" + format)
                .webhookUrl(chat.webhookUrl())
                .applicationName("shop")
                .environment("preview")
                .format(format)
                .build();
        GoogleChatSender sender = GoogleChatSender.start(settings, new SilentStatus());
        sender.offer(AlertEvent.builder()
                .timestampMillis(System.currentTimeMillis())
                .level("ERROR")
                .loggerName(logger)
                .threadName("http-nio-8080-exec-1")
                .message("Order 1002 failed")
                .messagePattern("Order {} failed")
                .throwable(ThrowableSnapshot.of(thrown))
                .build());
        return sender;
    }

    private static String chromium(String url, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(url);
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile())
                .start();
        boolean finished = process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("Chromium finished within " + BROWSER_TIMEOUT).isTrue();
        assertThat(process.exitValue()).as("Chromium's exit code").isZero();
        return Files.readString(out);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static final class SilentStatus implements StatusReporter {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}
    }
}
