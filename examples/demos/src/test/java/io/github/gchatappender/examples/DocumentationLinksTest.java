package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README stays short enough to read in five minutes, and no relative link of README.md, docs/*.md
 * or CONTRIBUTING.md leads nowhere: each names a file that exists and, after {@code #}, a heading of it.
 */
class DocumentationLinksTest {

    /** About 25 KB: what moves out goes to docs/. */
    static final int README_MAX_BYTES = 25_600;

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,})");

    @Test
    void theReadmeIsAtMost25600Bytes() throws IOException {
        assertThat(Files.size(ReadmeBlocks.readme()))
                .as("bytes in README.md; move what a newcomer rarely needs to docs/")
                .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void everyRelativeLinkNamesAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<Path> documents = new ArrayList<>(ReadmeBlocks.documents());
        documents.add(ReadmeBlocks.projectRoot().resolve("CONTRIBUTING.md"));
        for (Path document : documents) {
            for (String target : links(Files.readString(document, StandardCharsets.UTF_8))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: and the like: not this project's files.
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty()
                        ? document
                        : document.resolveSibling(file).normalize();
                String where = ReadmeBlocks.projectRoot().relativize(document) + ": (" + target + ")";
                if (!Files.exists(linked)) {
                    broken.add(where + " names no file");
                } else if (hash >= 0) {
                    Set<String> of = anchors.computeIfAbsent(linked, DocumentationLinksTest::anchorsOf);
                    if (!of.contains(target.substring(hash + 1))) {
                        broken.add(
                                where + " names no heading of " + linked.getFileName() + ", whose anchors are " + of);
                    }
                }
            }
        }
        assertThat(broken).as("relative links in %s", documents).isEmpty();
    }

    @Test
    void anchorsAreGitHubSlugs() {
        assertThat(anchorsOf(List.of(
                        "## Google Chat's limits",
                        "## Counts, JMX and health",
                        "## Log4j2: `log4j2-spring.xml`",
                        "## Counts, JMX and health")))
                .containsExactly(
                        "google-chats-limits",
                        "counts-jmx-and-health",
                        "log4j2-log4j2-springxml",
                        "counts-jmx-and-health-1");
    }

    /** The targets of the inline links outside fenced blocks. */
    private static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : outsideFences(List.of(markdown.split("\r?\n", -1)))) {
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    private static Set<String> anchorsOf(Path markdown) {
        try {
            return anchorsOf(
                    List.of(Files.readString(markdown, StandardCharsets.UTF_8).split("\r?\n", -1)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The anchors GitHub gives the headings: the text as shown, in lower case, without punctuation other
     * than {@code -} and {@code _}, spaces made {@code -}; a repeated one gets {@code -1}, {@code -2}….
     */
    static Set<String> anchorsOf(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideFences(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String shown = heading.group(1)
                        .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                        .replaceAll("[`*]", "");
                String slug = shown.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "")
                        .replace(' ', '-');
                int times = seen.merge(slug, 1, Integer::sum);
                anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
            }
        }
        return anchors;
    }

    private static List<String> outsideFences(List<String> lines) {
        List<String> outside = new ArrayList<>();
        int fence = 0;
        for (String line : lines) {
            Matcher opens = FENCE.matcher(line);
            if (fence == 0 && opens.find()) {
                fence = opens.group(1).length();
            } else if (fence > 0
                    && line.trim().length() >= fence
                    && line.trim().chars().allMatch(c -> c == '`')) {
                fence = 0;
            } else if (fence == 0) {
                outside.add(line);
            }
        }
        return outside;
    }
}
