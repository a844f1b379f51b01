package io.github.gchatappender.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an application's main class in a JVM of its own, on the calling test's class path, as a
 * deployment runs it: its own logging system, its own shutdown hooks, its own exit. For tests of the
 * examples; the other examples' modules get it through this module's test jar.
 */
public final class OwnJvm {

    /** How a run ended: the exit code, and stdout and stderr together. */
    public static final class Exit {

        private final int code;
        private final String output;

        Exit(int code, String output) {
            this.code = code;
            this.output = output;
        }

        public int code() {
            return code;
        }

        public String output() {
            return output;
        }
    }

    private OwnJvm() {}

    /**
     * Runs {@code main} with {@code arguments} in an environment of this JVM's variables, without those
     * that would configure the application ({@code GOOGLE_CHAT_*}, {@code SPRING_*}, {@code LOGGING_*}),
     * with {@code variables} added, and waits for it to exit; a JVM still running after {@code patience}
     * is killed, and the run fails with what it printed.
     */
    public static Exit run(Class<?> main, Map<String, String> variables, Duration patience, String... arguments)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("own-jvm", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    main.getName()));
            command.addAll(List.of(arguments));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            // Nothing of the developer's shell that would configure the application: only what the test gives.
            builder.environment()
                    .keySet()
                    .removeIf(name -> name.startsWith("GOOGLE_CHAT_")
                            || name.startsWith("SPRING_")
                            || name.startsWith("LOGGING_")
                            || name.equals("JAVA_TOOL_OPTIONS"));
            builder.environment().putAll(variables);
            Process jvm = builder.start();
            if (!jvm.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                jvm.destroyForcibly().waitFor();
                throw new AssertionError(main.getSimpleName() + " still ran after " + patience + "; it printed:"
                        + System.lineSeparator() + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Exit(jvm.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
