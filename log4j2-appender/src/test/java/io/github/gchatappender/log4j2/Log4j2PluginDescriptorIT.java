package io.github.gchatappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** Runs after packaging: the built jar carries the plugin descriptor, or Log4j2 cannot find {@code <GoogleChat>}. */
class Log4j2PluginDescriptorIT {

    @Test
    void theBuiltJarContainsThePluginDescriptorNamingGoogleChat() throws IOException {
        Path jar = Paths.get(System.getProperty("appender.jar"));
        assertThat(jar).exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry descriptor =
                    file.getEntry("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");
            assertThat(descriptor)
                    .as("Log4j2Plugins.dat in " + jar.getFileName())
                    .isNotNull();
            byte[] content = file.getInputStream(descriptor).readAllBytes();
            assertThat(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("googlechat")
                    .contains(GoogleChatAppender.class.getName());
            assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo("io.github.gchatappender.log4j2");
        }
        assertThat(Files.size(jar)).isPositive();
    }
}
