package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.report.DeliveryStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Documentation that cannot rot: every fenced block of README.md and docs/*.md is either run the way a
 * user would use it, or checked against the build, or named here as deliberately not executed. A block
 * of a kind this class does not know fails, so a new snippet cannot slip into the documentation untested.
 *
 * <p>A configuration runs against a fresh {@link LocalChatServer}, whose URL reaches the appender
 * through the {@value SenderSettings#WEBHOOK_URL_VARIABLE} system property, as the README tells users
 * to pass it. One ERROR is logged, the framework is stopped (which flushes the appender), and the
 * server must have received exactly that one message.
 */
class ReadmeSnippetsTest {

    private static final String WEBHOOK_VARIABLE = SenderSettings.WEBHOOK_URL_VARIABLE;
    private static final String LOGGER_NAME = "com.acme.shop.OrderService";
    /** Where the table of the starter's properties is, relative to the project root. */
    static final String STARTER_PROPERTIES_TABLE = "docs/spring-boot.md";

    private static final String SHADE_TRANSFORMER =
            "org.apache.logging.log4j.maven.plugins.shade.transformer.Log4j2PluginCacheFileTransformer";
    /** What an untagged block must not hold: it would be a configuration that no test runs. */
    private static final List<String> CONFIGURATION_MARKERS = List.of(
            "GoogleChatAppender",
            "<GoogleChat",
            "<configuration",
            "<Configuration",
            "appender.",
            "<dependency>",
            "<plugin>");

    private static final Pattern XML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern XML_ROOT = Pattern.compile("<([A-Za-z][\\w.:-]*)");
    private static final Pattern GRADLE_COORDINATES = Pattern.compile("\"([^\":\\s]+):([^\":\\s]+):([^\":\\s]+)\"");
    private static final Pattern MAVEN_PROFILE = Pattern.compile("(?:^|\\s)-P(\\S+)");

    @TempDir
    Path temp;

    /** The kinds of block the documentation may hold, each with what this test does with it. */
    enum Kind {
        LOGBACK("Logback configuration, run"),
        LOGBACK_SPRING("logback-spring.xml, run by ReadmeSpringSnippetTest in examples/spring-boot"),
        LOG4J2_XML("Log4j2 XML configuration, run"),
        LOG4J2_SPRING("log4j2-spring.xml, run by ReadmeSpringLog4j2SnippetTest in examples/spring-boot-log4j2"),
        LOG4J2_PROPERTIES("Log4j2 properties configuration, run"),
        LOG4J2_YAML("Log4j2 YAML configuration, run"),
        SPRING_BOOT_PROPERTIES("the starter's properties, checked against the table of " + STARTER_PROPERTIES_TABLE
                + ", which the starter's PropertiesTableTest checks against its metadata"),
        MAVEN_DEPENDENCIES("Maven dependencies, checked against the build's modules"),
        SPRING_BOOT_LOG4J2(
                "Boot's logging starter swapped, checked against the POM of examples/spring-boot-starter-log4j2,"
                        + " whose test runs the application so"),
        MAVEN_BOM("the BOM import, checked against the build's modules"),
        GRADLE_DEPENDENCIES("Gradle dependencies, checked against the build's modules"),
        SHADE_PLUGIN("maven-shade-plugin, checked as XML; the shaded jar itself is proven by its own integration test"),
        SHELL("shell commands, not executed; the wrapper and profiles they name are checked"),
        OUTPUT("console output or an alert rendering, not executed; checked to hold no configuration"),
        UNKNOWN("unknown kind of block");

        private final String treatment;

        Kind(String treatment) {
            this.treatment = treatment;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeBlockIsExercisedOrDeliberatelyNotExecuted() {
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.ofDocumentation();
        Map<ReadmeBlocks.Block, Kind> kinds = new LinkedHashMap<>();
        blocks.forEach(block -> kinds.put(block, kindOf(block)));

        List<DynamicTest> tests = new ArrayList<>();
        kinds.forEach((block, kind) ->
                tests.add(DynamicTest.dynamicTest(block + ": " + kind.treatment, () -> exercise(block, kind, kinds))));
        tests.add(DynamicTest.dynamicTest("every block is of a known kind", () -> {
            assertThat(blocks)
                    .as("fenced blocks in %s", ReadmeBlocks.documents())
                    .isNotEmpty();
            assertThat(kinds.entrySet().stream()
                            .filter(e -> e.getValue() == Kind.UNKNOWN)
                            .map(e -> e.getKey().toString()))
                    .as("Documentation blocks of a kind ReadmeSnippetsTest does not know: run them, or classify them"
                            + " deliberately in ReadmeSnippetsTest.kindOf")
                    .isEmpty();
        }));
        return tests.stream();
    }

    static Kind kindOf(ReadmeBlocks.Block block) {
        String text = block.text();
        switch (block.language()) {
            case "xml":
                switch (xmlRoot(text)) {
                    case "configuration":
                        return text.contains("springProperty") || text.contains("org/springframework")
                                ? Kind.LOGBACK_SPRING
                                : Kind.LOGBACK;
                    case "Configuration":
                        return text.contains("${spring:") ? Kind.LOG4J2_SPRING : Kind.LOG4J2_XML;
                    case "dependency":
                        return text.contains("spring-boot-starter-log4j2")
                                ? Kind.SPRING_BOOT_LOG4J2
                                : Kind.MAVEN_DEPENDENCIES;
                    case "dependencyManagement":
                        return Kind.MAVEN_BOM;
                    case "plugin":
                        return Kind.SHADE_PLUGIN;
                    default:
                        return Kind.UNKNOWN;
                }
            case "properties":
                return text.lines()
                                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                                .allMatch(line -> line.startsWith("google.chat."))
                        ? Kind.SPRING_BOOT_PROPERTIES
                        : Kind.LOG4J2_PROPERTIES;
            case "yaml":
            case "yml":
                return Kind.LOG4J2_YAML;
            case "kotlin":
                return Kind.GRADLE_DEPENDENCIES;
            case "sh":
                return Kind.SHELL;
            case "":
                return Kind.OUTPUT;
            default:
                return Kind.UNKNOWN;
        }
    }

    /** The name of the first element, after comments and the XML declaration; empty when there is none. */
    static String xmlRoot(String xml) {
        Matcher root = XML_ROOT.matcher(XML_COMMENT.matcher(xml).replaceAll(""));
        return root.find() ? root.group(1) : "";
    }

    private void exercise(ReadmeBlocks.Block block, Kind kind, Map<ReadmeBlocks.Block, Kind> all) throws Exception {
        switch (kind) {
            case LOGBACK:
                runLogback(block);
                break;
            case LOGBACK_SPRING:
                assertWellFormed(block);
                assertThat(block.text())
                        .as("the block ReadmeSpringSnippetTest looks for")
                        .contains("springProperty");
                break;
            case LOG4J2_SPRING:
                assertWellFormed(block);
                assertThat(block.text())
                        .as("the block ReadmeSpringLog4j2SnippetTest looks for")
                        .contains("${spring:");
                break;
            case LOG4J2_XML:
                runLog4j2(block, "xml");
                break;
            case LOG4J2_PROPERTIES:
                runLog4j2(block, "properties");
                break;
            case LOG4J2_YAML:
                runLog4j2(block, "yaml");
                break;
            case SPRING_BOOT_PROPERTIES:
                checkStarterProperties(block);
                break;
            case MAVEN_DEPENDENCIES:
            case MAVEN_BOM:
                assertPublishedModules(block, mavenCoordinates(block));
                break;
            case SPRING_BOOT_LOG4J2:
                checkLog4j2Swap(block);
                break;
            case GRADLE_DEPENDENCIES:
                checkGradle(block, all);
                break;
            case SHADE_PLUGIN:
                checkShadePlugin(block);
                break;
            case SHELL:
                checkShellCommands(block);
                break;
            case OUTPUT:
                assertThat(block.text())
                        .as(
                                "%s is not executed, so it must hold no configuration; give it a language tag instead",
                                block)
                        .doesNotContain(CONFIGURATION_MARKERS.toArray(new String[0]));
                break;
            default:
                fail(
                        "%s: unknown kind of block (language '%s', root element '%s'). Run it in ReadmeSnippetsTest,"
                                + " or classify it there as deliberately not executed.",
                        block, block.language(), xmlRoot(block.text()));
        }
    }

    // ---------------------------------------------------------------- configurations, run

    private void runLogback(ReadmeBlocks.Block block) throws Exception {
        String message = messageFor(block);
        try (LocalChatServer chat = LocalChatServer.start(quietConsole())) {
            io.github.gchatappender.logback.GoogleChatAppender appender;
            System.setProperty(WEBHOOK_VARIABLE, chat.webhookUrl());
            LoggerContext context = new LoggerContext();
            try {
                context.setName("readme-block-" + block.index());
                context.setMDCAdapter(new LogbackMDCAdapter());
                JoranConfigurator configurator = new JoranConfigurator();
                configurator.setContext(context);
                configurator.doConfigure(new ByteArrayInputStream(block.text().getBytes(StandardCharsets.UTF_8)));

                assertThat(context.getStatusManager().getCopyOfStatusList().stream()
                                .filter(status -> status.getLevel() >= Status.WARN)
                                .map(Object::toString))
                        .as(
                                "Logback's WARN and ERROR statuses for %s: with one, Logback prints every status line"
                                        + " at start, substituted values included",
                                block)
                        .isEmpty();
                appender = googleChatAppenderOfRoot(context, block);
                assertThat(appender.isStarted())
                        .as("the GoogleChatAppender of %s is started", block)
                        .isTrue();

                context.getLogger(LOGGER_NAME)
                        .error(message, new IllegalStateException("inventory lock wait exceeded"));
            } finally {
                context.stop(); // Stops the appender, which delivers what is pending within shutdownTimeout.
                System.clearProperty(WEBHOOK_VARIABLE);
            }
            assertDeliveredOnce(chat, message, appender.getDeliveryStats(), block);
        }
    }

    private static io.github.gchatappender.logback.GoogleChatAppender googleChatAppenderOfRoot(
            LoggerContext context, ReadmeBlocks.Block block) {
        Iterator<Appender<ILoggingEvent>> appenders =
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        List<String> seen = new ArrayList<>();
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (appender instanceof io.github.gchatappender.logback.GoogleChatAppender) {
                return (io.github.gchatappender.logback.GoogleChatAppender) appender;
            }
            seen.add(appender.getName() + " (" + appender.getClass().getName() + ")");
        }
        return fail("%s: the root logger has no GoogleChatAppender, only %s", block, seen);
    }

    private void runLog4j2(ReadmeBlocks.Block block, String extension) throws Exception {
        // Tests cannot set environment variables (and Surefire sets GOOGLE_CHAT_WEBHOOK_URL to empty), so
        // the text under test reads the system property of the same name instead; the rest is the README's.
        String text = block.text().replace("${env:" + WEBHOOK_VARIABLE + "}", "${sys:" + WEBHOOK_VARIABLE + "}");
        Path file = Files.writeString(temp.resolve("log4j2-readme-block-" + block.index() + "." + extension), text);
        String message = messageFor(block);
        ProblemCollector problems = new ProblemCollector();
        try (LocalChatServer chat = LocalChatServer.start(quietConsole())) {
            io.github.gchatappender.log4j2.GoogleChatAppender appender;
            System.setProperty(WEBHOOK_VARIABLE, chat.webhookUrl());
            StatusLogger.getLogger().registerListener(problems);
            org.apache.logging.log4j.core.LoggerContext context = null;
            try {
                context = Configurator.initialize("readme-block-" + block.index(), null, file.toUri());
                assertThat(context).as("Log4j2 context for %s", block).isNotNull();
                assertThat(context.getConfiguration().getConfigurationSource().getURI())
                        .as("the configuration Log4j2 loaded for %s", block)
                        .isEqualTo(file.toUri());
                assertThat(problems.problems)
                        .as("Log4j2's WARN and ERROR statuses for %s", block)
                        .isEmpty();

                Object found = context.getConfiguration().getAppender("GoogleChat");
                assertThat(found)
                        .as("appender 'GoogleChat' of %s", block)
                        .isInstanceOf(io.github.gchatappender.log4j2.GoogleChatAppender.class);
                appender = (io.github.gchatappender.log4j2.GoogleChatAppender) found;
                assertThat(appender.isStarted())
                        .as("the GoogleChat appender of %s is started", block)
                        .isTrue();
                assertThat(context.getConfiguration().getRootLogger().getAppenders())
                        .as("the root logger's appenders in %s", block)
                        .containsKey("GoogleChat");

                context.getLogger(LOGGER_NAME)
                        .error(message, new IllegalStateException("inventory lock wait exceeded"));
            } finally {
                if (context != null) {
                    Configurator.shutdown(
                            context); // Stops the appender, which delivers what is pending within shutdownTimeout.
                }
                StatusLogger.getLogger().removeListener(problems);
                System.clearProperty(WEBHOOK_VARIABLE);
            }
            assertThat(problems.problems)
                    .as("Log4j2's WARN and ERROR statuses for %s, up to shutdown", block)
                    .isEmpty();
            assertDeliveredOnce(chat, message, appender.getDeliveryStats(), block);
        }
    }

    /** Collects Log4j2's internal WARN, ERROR and FATAL statuses while a configuration loads and runs. */
    private static final class ProblemCollector implements StatusListener {
        final List<String> problems = new CopyOnWriteArrayList<>();

        @Override
        public void log(StatusData data) {
            if (data.getLevel().isMoreSpecificThan(Level.WARN)) {
                problems.add(data.getFormattedStatus());
            }
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
        }

        @Override
        public void close() {}
    }

    private static void assertDeliveredOnce(
            LocalChatServer chat, String message, DeliveryStats stats, ReadmeBlocks.Block block) {
        List<String> received =
                chat.threads().values().stream().flatMap(Collection::stream).collect(Collectors.toList());
        assertThat(received)
                .as("messages the local Google Chat received for %s (stats: %s)", block, stats)
                .hasSize(1);
        assertThat(received.get(0)).as("the message for %s", block).contains(message, "IllegalStateException");
        assertThat(stats.getEventsDelivered())
                .as("events delivered for %s (%s)", block, stats)
                .isEqualTo(1);
    }

    /** Plain words: the text renderer neutralises markup characters, which would make {@code contains} fail. */
    private static String messageFor(ReadmeBlocks.Block block) {
        return "Order 42 could not be reserved, README block " + block.index();
    }

    private static PrintStream quietConsole() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- installation, checked against the build

    private static Set<String> mavenCoordinates(ReadmeBlocks.Block block) throws Exception {
        Document dependencies = parseXml("<dependencies>" + block.text() + "</dependencies>", block);
        Set<String> coordinates = new LinkedHashSet<>();
        NodeList each = dependencies.getDocumentElement().getElementsByTagName("dependency");
        for (int i = 0; i < each.getLength(); i++) {
            Element dependency = (Element) each.item(i);
            coordinates.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId") + ":"
                    + child(dependency, "version"));
        }
        return coordinates;
    }

    /** The block's dependencies and exclusions are the Log4j2 starter example's, which its test runs. */
    private static void checkLog4j2Swap(ReadmeBlocks.Block block) throws Exception {
        Path pom = ReadmeBlocks.projectRoot().resolve("examples/spring-boot-starter-log4j2/pom.xml");
        Set<String> example = dependenciesAndExclusions(parseXml(Files.readString(pom), pom));
        Set<String> readme =
                dependenciesAndExclusions(parseXml("<dependencies>" + block.text() + "</dependencies>", block));
        assertThat(readme)
                .as("%s: what it adds and excludes", block)
                .contains(
                        "org.springframework.boot:spring-boot-starter-log4j2",
                        "exclude org.springframework.boot:spring-boot-starter-logging");
        assertThat(example)
                .as("what %s adds and excludes", pom)
                .containsAll(readme.stream()
                        .filter(coordinates -> !coordinates.endsWith(":spring-boot-starter"))
                        .collect(Collectors.toSet()));
    }

    /** groupId:artifactId of each dependency, and "exclude groupId:artifactId" of each exclusion. */
    private static Set<String> dependenciesAndExclusions(Document xml) {
        Set<String> found = new LinkedHashSet<>();
        for (String tag : List.of("dependency", "exclusion")) {
            NodeList each = xml.getDocumentElement().getElementsByTagName(tag);
            for (int i = 0; i < each.getLength(); i++) {
                Element element = (Element) each.item(i);
                found.add((tag.equals("exclusion") ? "exclude " : "") + child(element, "groupId") + ":"
                        + child(element, "artifactId"));
            }
        }
        return found;
    }

    private static Set<String> gradleCoordinates(ReadmeBlocks.Block block) {
        Set<String> coordinates = new LinkedHashSet<>();
        Matcher m = GRADLE_COORDINATES.matcher(block.text());
        while (m.find()) {
            coordinates.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
        }
        return coordinates;
    }

    private static void checkGradle(ReadmeBlocks.Block block, Map<ReadmeBlocks.Block, Kind> all) throws Exception {
        Set<String> gradle = gradleCoordinates(block);
        assertPublishedModules(block, gradle);
        for (Map.Entry<ReadmeBlocks.Block, Kind> other : all.entrySet()) {
            // The Maven block of the same section: the Spring Boot section names the starter only.
            if (other.getValue() == Kind.MAVEN_DEPENDENCIES
                    && other.getKey().file().equals(block.file())
                    && other.getKey().heading().equals(block.heading())) {
                assertThat(gradle)
                        .as("%s names the same artifacts as %s", block, other.getKey())
                        .containsExactlyInAnyOrderElementsOf(mavenCoordinates(other.getKey()));
            }
        }
    }

    private static void assertPublishedModules(ReadmeBlocks.Block block, Set<String> coordinates) throws Exception {
        assertThat(coordinates).as("coordinates in %s", block).isNotEmpty();
        assertThat(BuildModules.published())
                .as("%s must name artifacts this build publishes (groupId:artifactId:version)", block)
                .containsAll(coordinates);
    }

    // ---------------------------------------------------------------- shade plugin, checked as XML

    /**
     * Only well-formedness and the names: whether the transformer really merges Log4j2Plugins.dat is a
     * matter for the shaded-jar integration test, which builds such a jar.
     */
    private static void checkShadePlugin(ReadmeBlocks.Block block) throws Exception {
        Element plugin = parseXml(block.text(), block).getDocumentElement();
        assertThat(child(plugin, "artifactId")).isEqualTo("maven-shade-plugin");
        assertThat(child(plugin, "version"))
                .as("%s: the version the build's parent pom names", block)
                .isEqualTo(BuildModules.parentProperty("maven-shade-plugin.version"));
        List<String> implementations = new ArrayList<>();
        NodeList transformers = plugin.getElementsByTagName("transformer");
        for (int i = 0; i < transformers.getLength(); i++) {
            implementations.add(((Element) transformers.item(i)).getAttribute("implementation"));
        }
        assertThat(implementations).as("transformers in %s", block).contains(SHADE_TRANSFORMER);
        List<String> artifacts = new ArrayList<>();
        NodeList dependencies = plugin.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            artifacts.add(child((Element) dependencies.item(i), "artifactId"));
        }
        assertThat(artifacts)
                .as("plugin dependencies in %s: the jar that holds the transformer", block)
                .contains("log4j-transform-maven-shade-plugin-extensions");
    }

    // ---------------------------------------------------------------- shell commands, not executed

    /** The commands are not run (the demo and a full build are too slow for a unit test), but what they name exists. */
    /** Every key of a starter properties block is a row of the Spring Boot properties table. */
    private static void checkStarterProperties(ReadmeBlocks.Block block) throws Exception {
        String table =
                Files.readString(ReadmeBlocks.projectRoot().resolve(STARTER_PROPERTIES_TABLE), StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`(google\\.chat\\.[a-z-]+)`\\s*\\|")
                .matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }
        for (String line : block.text()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toList())) {
            assertThat(documented)
                    .as("%s: %s", block, line)
                    .contains(line.substring(0, line.indexOf('=')).trim());
        }
    }

    private static void checkShellCommands(ReadmeBlocks.Block block) throws Exception {
        List<String> commands = block.text()
                .lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());
        assertThat(commands).as("commands in %s", block).isNotEmpty();
        Set<String> profiles = BuildModules.profileIds();
        for (String command : commands) {
            if (command.startsWith("./mvnw")) {
                assertThat(Files.isExecutable(ReadmeBlocks.projectRoot().resolve("mvnw")))
                        .as("%s runs ./mvnw, which must exist and be executable", block)
                        .isTrue();
            }
            Matcher profile = MAVEN_PROFILE.matcher(command.replaceAll("\\s+#.*$", ""));
            while (profile.find()) {
                for (String id : profile.group(1).split(",")) {
                    assertThat(profiles)
                            .as("%s: profile -P%s of '%s'", block, id, command)
                            .contains(id.replaceFirst("^[!-]", ""));
                }
            }
        }
    }

    // ---------------------------------------------------------------- XML

    private static void assertWellFormed(ReadmeBlocks.Block block) throws Exception {
        parseXml(block.text(), block);
    }

    static Document parseXml(String xml, Object what) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try {
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (org.xml.sax.SAXParseException e) {
            return fail("%s is not well-formed XML: %s (line %d)", what, e.getMessage(), e.getLineNumber());
        }
    }

    static String child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element
                    && ((Element) children.item(i)).getTagName().equals(name)) {
                return children.item(i).getTextContent().trim();
            }
        }
        return null;
    }

    /** The modules of this build, read from its pom files. */
    static final class BuildModules {

        private BuildModules() {}

        /**
         * {@code groupId:artifactId:version} of each module listed in the parent pom whose artifact is
         * installed and deployed: the ones a user can depend on, at the version being released (the
         * build's, without {@code -SNAPSHOT}), which is what the README shows.
         */
        static Set<String> published() throws Exception {
            Set<String> published = new LinkedHashSet<>();
            for (Path pom : modulePoms()) {
                Element project = parseXml(Files.readString(pom), pom).getDocumentElement();
                Element parent = element(project, "parent");
                Element properties = element(project, "properties");
                boolean skipped = properties != null
                        && ("true".equals(child(properties, "maven.install.skip"))
                                || "true".equals(child(properties, "maven.deploy.skip")));
                if (!skipped) {
                    String groupId =
                            child(project, "groupId") != null ? child(project, "groupId") : child(parent, "groupId");
                    String version =
                            child(project, "version") != null ? child(project, "version") : child(parent, "version");
                    published.add(groupId + ":" + child(project, "artifactId") + ":"
                            + version.replaceFirst("-SNAPSHOT$", ""));
                }
            }
            return published;
        }

        /** Every profile id declared in the parent pom or a module's pom, including modules that only a profile adds. */
        static Set<String> profileIds() throws Exception {
            Set<String> ids = new LinkedHashSet<>();
            List<Path> poms;
            try (Stream<Path> files = Files.walk(ReadmeBlocks.projectRoot(), 3)) {
                poms = files.filter(file -> file.getFileName().toString().equals("pom.xml"))
                        .filter(file -> !file.toString().contains("target"))
                        .collect(Collectors.toList());
            }
            for (Path pom : poms) {
                Element project = parseXml(Files.readString(pom), pom).getDocumentElement();
                Element profiles = element(project, "profiles");
                if (profiles != null) {
                    NodeList each = profiles.getElementsByTagName("profile");
                    for (int i = 0; i < each.getLength(); i++) {
                        ids.add(child((Element) each.item(i), "id"));
                    }
                }
            }
            return ids;
        }

        static String parentProperty(String name) throws Exception {
            Element project =
                    parseXml(Files.readString(parentPom()), parentPom()).getDocumentElement();
            return child(element(project, "properties"), name);
        }

        private static Path parentPom() {
            return ReadmeBlocks.projectRoot().resolve("pom.xml");
        }

        private static List<Path> modulePoms() throws Exception {
            Element project =
                    parseXml(Files.readString(parentPom()), parentPom()).getDocumentElement();
            List<Path> poms = new ArrayList<>();
            NodeList modules = element(project, "modules").getElementsByTagName("module");
            for (int i = 0; i < modules.getLength(); i++) {
                poms.add(ReadmeBlocks.projectRoot()
                        .resolve(modules.item(i).getTextContent().trim())
                        .resolve("pom.xml"));
            }
            return poms;
        }

        private static Element element(Element parent, String name) {
            NodeList children = parent.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element
                        && ((Element) children.item(i)).getTagName().equals(name)) {
                    return (Element) children.item(i);
                }
            }
            return null;
        }
    }
}
