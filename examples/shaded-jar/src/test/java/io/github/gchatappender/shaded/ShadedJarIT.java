package io.github.gchatappender.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the application's shaded jars with {@code java -jar}, as a user would, against a webhook on
 * loopback: with Log4j2's plugin-cache transformer, {@code <GoogleChat>} is found and the error is
 * delivered; without it, the merged jar keeps only one {@code Log4j2Plugins.dat} and Log4j2 cannot
 * find the plugin.
 */
class ShadedJarIT {

    private HttpServer webhook;
    private final AtomicInteger posts = new AtomicInteger();

    @BeforeEach
    void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            byte[] answer = "{\"name\":\"spaces/S/messages/M\",\"thread\":{\"name\":\"spaces/S/threads/T\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        webhook.start();
    }

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    @Test
    void withTheTransformerTheAppenderIsFoundAndDelivers() throws Exception {
        Run run = runJar(System.getProperty("shaded.jar"));

        assertThat(run.output).contains("GoogleChat appender: found", "delivered=1");
        assertThat(run.exitCode).isZero();
        assertThat(posts).hasValue(1);
    }

    @Test
    void withoutTheTransformerLog4j2CannotFindThePlugin() throws Exception {
        Run run = runJar(System.getProperty("naive.jar"));

        assertThat(run.output).contains("GoogleChat appender: not found").containsIgnoringCase("GoogleChat");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(posts).hasValue(0);
    }

    private Run runJar(String jar) throws Exception {
        assertThat(jar).as("the shaded jar's path, from failsafe").isNotNull();
        assertThat(Paths.get(jar)).exists();
        Path out = Files.createTempFile("shaded-app", ".out");
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/v1/spaces/S/messages?key=k&token=t";
        Process process = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-DGOOGLE_CHAT_WEBHOOK_URL=" + url,
                        "-jar",
                        jar)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the application exited").isTrue();
        String output = Files.readString(out);
        System.out.print(output);
        return new Run(process.exitValue(), output);
    }

    private static final class Run {
        final int exitCode;
        final String output;

        Run(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
