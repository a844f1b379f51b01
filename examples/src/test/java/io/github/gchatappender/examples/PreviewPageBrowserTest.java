package io.github.gchatappender.examples;

import io.github.gchatappender.core.GoogleChatSender;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.StatusReporter;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The preview page as a real browser shows it: the appender's TEXT and CARD messages posted to the
 * local stand-in, then headless Chromium (Debian's {@code chromium} package) loads the page, dumps
 * the DOM it built and takes a screenshot, kept as {@code target/preview.png}.
 *
 * <p>Skipped where Chromium is not installed, unless {@code -Dpreview.browser=required} (which
 * {@code .ci/run} sets after installing it): in CI a missing browser fails the build.
 */
class PreviewPageBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void chromiumShowsTheThreadsTheirTextAndTheirCards() throws Exception {
        boolean required = "required".equals(System.getProperty("preview.browser"));
        assumeTrue(required || Files.isExecutable(CHROMIUM), "Chromium is not installed; -Dpreview.browser=required fails instead");

        try (LocalChatServer chat = LocalChatServer.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            // Both senders run at once, so that they share the space's quota as two appenders of one JVM do.
            GoogleChatSender text = post(chat, "TEXT", "com.example.shop.PaymentClient", new java.io.IOException("gateway unreachable",
                    new IllegalStateException("connection reset by peer")));
            GoogleChatSender card = post(chat, "CARD", "com.example.shop.OrderService", new IllegalStateException("inventory locked"));
            text.stop();
            card.stop();
            assertThat(text.stats().getEventsDelivered() + card.stats().getEventsDelivered()).isEqualTo(2);
            assertThat(chat.tooManyRequests()).as("429 answers").isZero();

            String dom = chromium(chat, "--dump-dom");
            assertThat(dom)
                    .contains("PaymentClient.IOException-", "OrderService.IllegalStateException-")
                    .contains("gateway unreachable", "inventory locked")
                    .contains("<b>"); // Chat's *bold* rendered, not shown as asterisks

            Path png = Paths.get("target", "preview.png").toAbsolutePath();
            Files.deleteIfExists(png);
            chromium(chat, "--screenshot=" + png, "--window-size=1000,1400");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1000);
            assertThat(image.getHeight()).isEqualTo(1400);
            assertThat(distinctColours(image)).as("a page with text and cards, not a blank or error page").isGreaterThan(50);
        }
    }

    /** One alert through the real sender and renderer, in the given format; stop() flushes it. */
    private static GoogleChatSender post(LocalChatServer chat, String format, String logger, Throwable thrown) {
        SenderSettings settings = SenderSettings.builder().name("preview-" + format).webhookUrl(chat.webhookUrl())
                .applicationName("shop").environment("preview").format(format).build();
        GoogleChatSender sender = GoogleChatSender.start(settings, new SilentStatus());
        sender.offer(AlertEvent.builder().timestampMillis(System.currentTimeMillis()).level("ERROR").loggerName(logger)
                .threadName("http-nio-8080-exec-1").message("Order 1002 failed").messagePattern("Order {} failed")
                .throwable(ThrowableSnapshot.of(thrown)).build());
        return sender;
    }

    private static String chromium(LocalChatServer chat, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(chat.previewUrl());
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile()).start();
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
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void error(String message) {
        }
    }
}
