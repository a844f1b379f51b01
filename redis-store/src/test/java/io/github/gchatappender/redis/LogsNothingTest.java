package io.github.gchatappender.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module logs nothing and prints nothing: what goes wrong goes to the dispatcher as an exception.
 * Read from the compiled classes, whose constant pools name every class and method they call.
 */
class LogsNothingTest {

    private static final List<String> FORBIDDEN = List.of(
            "org/slf4j",
            "java/util/logging",
            "org/apache/logging",
            "org/apache/commons/logging",
            "ch/qos/logback",
            "io/netty/util/internal/logging",
            "io/lettuce/core/internal/Logger",
            "java/lang/System$Logger",
            "printStackTrace",
            "Ljava/io/PrintStream;");

    @Test
    void noClassOfTheModuleCallsALoggerOrPrints() throws IOException, URISyntaxException {
        Path classes = Path.of(RedisFleetStore.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(path -> path.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String forbidden : FORBIDDEN) {
                assertThat(constants.contains(forbidden))
                        .as("%s names %s", classes.relativize(file), forbidden)
                        .isFalse();
            }
        }
    }
}
