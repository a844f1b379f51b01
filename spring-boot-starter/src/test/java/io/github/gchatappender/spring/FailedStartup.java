package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.examples.LocalChatServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@link FailingApplication} in a JVM of its own, on this test's class path, and checks that its
 * startup failure reached {@code chat} before the JVM exited, and that its output shows no secret.
 */
final class FailedStartup {

    private FailedStartup() {}

    static void assertDelivered(LocalChatServer chat, String... secrets) throws Exception {
        Process jvm = new ProcessBuilder(
                        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FailingApplication.class.getName(),
                        chat.webhookUrl())
                .redirectErrorStream(true)
                .start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

        assertThat(jvm.exitValue()).as(output).isNotZero();
        List<String> delivered =
                chat.threads().values().stream().flatMap(List::stream).collect(Collectors.toList());
        assertThat(String.join("\n", delivered))
                .as(output)
                .contains("Connection to jdbc:postgresql://db:5432/shop refused");
        assertThat(output).doesNotContain(secrets);
    }
}
