package io.github.gchatappender.logback;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.gchatappender.testkit.ChatStub;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The appender never feeds itself its own HTTP client's logging, even with everything at DEBUG. */
class RecursionTest {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    final ChatStub chat = new ChatStub(server);

    @Test
    void withTheJulBridgeAndDebugEverywhereTheRequestsStayBoundedAndNothingDeadlocks() throws Exception {
        chat.answerError(500, "INTERNAL");
        Process child = new ProcessBuilder(
                        new File(System.getProperty("java.home"), "bin/java").getPath(),
                        "-Djdk.httpclient.HttpClient.log=all",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RecursionScenario.class.getName(),
                        chat.webhookUrl(),
                        "30000")
                .redirectErrorStream(true)
                .start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("no deadlock").isTrue();
        String printed = new String(output, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(printed).isZero();

        Matcher stats = Pattern.compile(
                        "STATS accepted=(\\d+) ignored=(\\d+) delivered=(\\d+) dropped=(\\d+) pending=(\\d+)")
                .matcher(printed);
        assertThat(stats.find()).as(printed).isTrue();
        long accepted = Long.parseLong(stats.group(1));
        long ignored = Long.parseLong(stats.group(2));
        // The application's 3 errors and its debug line, plus whatever JDK logging ran on its own thread.
        assertThat(accepted).isBetween(4L, 10L);
        assertThat(ignored)
                .as("the HTTP client's own logging was seen and ignored")
                .isPositive();
        assertThat(Long.parseLong(stats.group(5))).isZero();
        // Each message tried maxRetries + 1 = 3 times before it was given up, and no request begets another.
        assertThat(chat.requests().size()).isBetween(3, 3 * 3);
        assertThat(printed).doesNotContain(ChatStub.TOKEN);
    }
}
