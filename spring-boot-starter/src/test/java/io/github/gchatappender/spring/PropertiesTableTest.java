package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The table of the starter's properties in docs/spring-boot.md, which the README links to, is the
 * starter's metadata, which IDEs show: the same properties, each with the default the metadata gives
 * where it gives one.
 */
class PropertiesTableTest {

    private static final Pattern ROW =
            Pattern.compile("(?m)^\\|\\s*`(google\\.chat\\.[a-z-]+)`\\s*\\|\\s*(.*?)\\s*\\|");

    @Test
    void theDocumentedTableNamesEveryPropertyOfTheMetadataWithItsDefault() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        String page = Files.readString(Path.of("..", "docs", "spring-boot.md"), StandardCharsets.UTF_8);
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, JsonNode> metadata = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's output").isNotNull();
            for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
                String name = property.get("name").asText();
                if (name.startsWith(GoogleChatProperties.PREFIX + ".")) {
                    metadata.put(name, property);
                } else {
                    // The health indicator's, under management.health.googlechat: in the page's health section.
                    assertThat(page).as("docs/spring-boot.md names %s", name).contains("`" + name + "=");
                }
            }
        }

        assertThat(documented.keySet()).isEqualTo(metadata.keySet());
        metadata.forEach((name, property) -> {
            assertThat(property.path("description").asText())
                    .as("%s has a description", name)
                    .isNotBlank();
            JsonNode value = property.get("defaultValue");
            if (value != null && !value.isArray()) {
                assertThat(documented.get(name)).as("%s's default", name).isEqualTo("`" + value.asText() + "`");
            }
        });
    }
}
