package io.github.gchatappender.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the project's documentation, README.md and then docs/*.md, in order, each
 * with its file, its language tag, its text and the heading it stands under. A fence is three or more backticks; it closes at a line of at least
 * as many backticks, so a {@code ````} block may hold {@code ```} fences of its own. A fence indented
 * inside a list item loses that indentation from every line of its text.
 *
 * <p>Public, and shipped in this module's test jar, for the Spring Boot examples' README tests.
 */
public final class ReadmeBlocks {

    private static final Pattern OPENING = Pattern.compile("^( *)(`{3,})([^`\\s]*)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    /** One fenced block. */
    public static final class Block {
        private final int index;
        private final String file;
        private final int line;
        private final String language;
        private final String heading;
        private final String text;

        Block(int index, String file, int line, String language, String heading, String text) {
            this.index = index;
            this.file = file;
            this.line = line;
            this.language = language;
            this.heading = heading;
            this.text = text;
        }

        /** 1-based position among the documentation's blocks. */
        int index() {
            return index;
        }

        /** The file, relative to the project root: {@code README.md} or {@code docs/….md}. */
        String file() {
            return file;
        }

        /** The line of the opening fence in {@link #file()}, 1-based. */
        int line() {
            return line;
        }

        /** The tag after the opening fence, for example {@code xml}; empty when there is none. */
        public String language() {
            return language;
        }

        /** The text of the nearest heading above the block, without its {@code #} marks. */
        String heading() {
            return heading;
        }

        /** The lines between the fences, joined with {@code \n}, ending with a line break. */
        public String text() {
            return text;
        }

        /** How a test report names the block: file, heading, position and language. */
        @Override
        public String toString() {
            return file + ": " + heading + " #" + index + " (" + (language.isEmpty() ? "untagged" : language)
                    + ", line " + line + ")";
        }
    }

    private ReadmeBlocks() {}

    /** The README of the project this module belongs to, found from a module directory or the project root. */
    static Path readme() {
        for (Path candidate :
                List.of(Paths.get("..", "..", "README.md"), Paths.get("..", "README.md"), Paths.get("README.md"))) {
            if (Files.isRegularFile(candidate)
                    && Files.isRegularFile(candidate.resolveSibling("pom.xml"))
                    && Files.isDirectory(candidate.resolveSibling("examples"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "README.md of the project not found from " + Paths.get("").toAbsolutePath());
    }

    /** The project's root directory: where README.md and the parent pom.xml are. */
    static Path projectRoot() {
        return readme().getParent();
    }

    /** The documentation's files: README.md, then docs/*.md by name. */
    static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(readme()));
        try (Stream<Path> docs = Files.list(projectRoot().resolve("docs"))) {
            docs.filter(file -> file.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** The one block of {@code language} whose text contains {@code marker}; fails unless there is exactly one. */
    public static Block onlyBlock(String language, String marker) {
        List<Block> matching = new ArrayList<>();
        for (Block block : ofDocumentation()) {
            if (block.language().equals(language) && block.text().contains(marker)) {
                matching.add(block);
            }
        }
        if (matching.size() != 1) {
            throw new IllegalStateException("README.md and docs/*.md have " + matching.size() + " ```" + language
                    + " blocks with '" + marker + "', expected exactly one: " + matching);
        }
        return matching.get(0);
    }

    /** The blocks of every file of {@link #documents()}, numbered across them. */
    public static List<Block> ofDocumentation() {
        List<Block> blocks = new ArrayList<>();
        for (Path document : documents()) {
            try {
                parse(
                        projectRoot().relativize(document).toString().replace('\\', '/'),
                        Files.readString(document, StandardCharsets.UTF_8),
                        blocks);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Collections.unmodifiableList(blocks);
    }

    /**
     * Adds the blocks of one file to {@code blocks}, numbering them on from its size.
     *
     * @throws IllegalStateException when a fence is never closed: every later block would be misread.
     */
    static void parse(String file, String markdown, List<Block> blocks) {
        String[] lines = markdown.split("\r?\n", -1);
        String heading = "(before the first heading)";
        for (int i = 0; i < lines.length; i++) {
            Matcher heads = HEADING.matcher(lines[i]);
            if (heads.matches()) {
                heading = heads.group(2);
                continue;
            }
            Matcher opens = OPENING.matcher(lines[i]);
            if (!opens.matches()) {
                continue;
            }
            int indent = opens.group(1).length();
            int fence = opens.group(2).length();
            StringBuilder text = new StringBuilder();
            int close = i + 1;
            while (close < lines.length && !closes(lines[close], fence)) {
                text.append(unindent(lines[close], indent)).append('\n');
                close++;
            }
            if (close == lines.length) {
                throw new IllegalStateException(
                        file + " line " + (i + 1) + ": a fence of " + fence + " backticks is never closed");
            }
            blocks.add(new Block(blocks.size() + 1, file, i + 1, opens.group(3), heading, text.toString()));
            i = close;
        }
    }

    private static boolean closes(String line, int fence) {
        String trimmed = line.trim();
        return trimmed.length() >= fence && trimmed.chars().allMatch(c -> c == '`');
    }

    private static String unindent(String line, int indent) {
        int strip = 0;
        while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
            strip++;
        }
        return line.substring(strip);
    }
}
