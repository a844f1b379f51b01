package io.github.gchatappender.core.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: the exact JSON bodies the renderer produces for a few realistic scenarios, in both
 * formats, so that any change to what people see in Chat shows up as a diff in review.
 *
 * <p>Files live in {@code core/src/test/resources/golden/{text,card}/<scenario>-<variant>.json},
 * pretty-printed, UTF-8, with a trailing newline. To (re)write them after an intended change:
 * {@code mvn -pl core test -Dtest=GoldenRenderingTest -Dgolden.update=true}, then review the diff.
 *
 * <p>The scenario builders are package-private and reused by {@link SchemaConformanceTest}.
 */
class GoldenRenderingTest {

    static final long T0 = Instant.parse("2026-11-29T10:02:11.123Z").toEpochMilli();
    static final String HOST = "web-1";
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String LINK_TEMPLATE =
            "https://grafana.example.com/explore?traceId={mdc:traceId}&app={applicationName}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** {@code bare}: nothing configured; {@code full}: every option that changes what is shown. */
    enum Variant {
        BARE,
        FULL;

        String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The scenarios, each a batch built from fixed data (no clock, no live exception). */
    enum Scenario {
        ONE_ERROR("one-error", GoldenRenderingTest::oneError),
        THREE_CAUSES("three-causes", GoldenRenderingTest::threeCauses),
        STORM("storm", GoldenRenderingTest::storm),
        NO_EXCEPTION("no-exception", GoldenRenderingTest::noException);

        final String fileName;
        private final Function<Map<String, String>, AlertBatch> batch;

        Scenario(String fileName, Function<Map<String, String>, AlertBatch> batch) {
            this.fileName = fileName;
            this.batch = batch;
        }

        /** A fresh batch; {@code mdc} goes into every event. */
        AlertBatch batch(Map<String, String> mdc) {
            return batch.apply(mdc);
        }
    }

    // ---------------------------------------------------------------- tests

    static Stream<Arguments> renderings() {
        List<Arguments> all = new ArrayList<>();
        for (AlertFormat format : AlertFormat.values()) {
            for (Scenario scenario : Scenario.values()) {
                for (Variant variant : Variant.values()) {
                    all.add(Arguments.of(format, scenario, variant));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("renderings")
    void firstMessageOfAGroupMatchesItsGoldenFile(AlertFormat format, Scenario scenario, Variant variant) {
        MessageRenderer renderer = TestOptions.renderer(options(format, variant));

        byte[] body = renderer.render(scenario.batch(mdcOf(variant)));

        assertGolden(format, scenario.fileName + "-" + variant.fileName(), body);
    }

    /**
     * A storm in a thread that already has its full message: the second message is compact, lists
     * only the new pattern and counts the known ones.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(AlertFormat.class)
    void followUpInTheSameThreadMatchesItsGoldenFile(AlertFormat format) {
        MessageRenderer renderer = TestOptions.renderer(options(format, Variant.FULL));
        AlertBatch first = storm(mdcOf(Variant.FULL));
        renderer.render(first);
        renderer.delivered(first);

        byte[] body = renderer.render(stormContinued(mdcOf(Variant.FULL)));

        assertGolden(format, "follow-up-full", body);
    }

    // ---------------------------------------------------------------- options

    static TestOptions options(AlertFormat format, Variant variant) {
        if (variant == Variant.BARE) {
            return TestOptions.defaults(null, null, HOST).withFormat(format);
        }
        return TestOptions.defaults("checkout", "prod", HOST)
                .withFormat(format)
                .withMdcKeys(List.of("traceId"))
                .withLinkTemplate(LINK_TEMPLATE)
                .withMentions(List.of("users/all"))
                .withTimeZone(ZoneOffset.UTC);
    }

    static Map<String, String> mdcOf(Variant variant) {
        return variant == Variant.BARE ? Collections.emptyMap() : Map.of("traceId", TRACE_ID);
    }

    // ---------------------------------------------------------------- scenarios

    /** An IllegalStateException thrown three frames deep in a request thread. */
    static AlertBatch oneError(Map<String, String> mdc) {
        ThrowableSnapshot thrown = new ThrowableSnapshot(
                "java.lang.IllegalStateException",
                "inventory locked for order 42",
                List.of(
                        frame("com.acme.checkout.InventoryClient", "reserve", "InventoryClient.java", 88),
                        frame("com.acme.checkout.OrderService", "placeOrder", "OrderService.java", 42),
                        frame(
                                "org.springframework.web.servlet.FrameworkServlet",
                                "service",
                                "FrameworkServlet.java",
                                897)),
                0,
                null,
                null);
        AlertEvent event = event(
                T0,
                "com.acme.checkout.OrderService",
                "http-nio-8080-exec-3",
                "Order 42 could not be reserved",
                null,
                mdc,
                thrown);
        return new AlertBatch("OrderService.IllegalStateException-0123456789ab", event, 0);
    }

    /** A top throwable with three causes down to a refused connection, each sharing frames with the one enclosing it. */
    static AlertBatch threeCauses(Map<String, String> mdc) {
        ThrowableSnapshot refused = new ThrowableSnapshot(
                "java.net.ConnectException",
                "Connection refused",
                List.of(
                        frame("sun.nio.ch.Net", "pollConnect", null, -2),
                        frame("sun.nio.ch.Net", "pollConnectNow", "Net.java", 672),
                        frame("java.net.Socket", "connect", "Socket.java", 633)),
                6,
                null,
                null);
        ThrowableSnapshot pool = new ThrowableSnapshot(
                "java.sql.SQLTransientConnectionException",
                "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
                List.of(
                        frame("com.zaxxer.hikari.pool.HikariPool", "createTimeoutException", "HikariPool.java", 696),
                        frame("com.zaxxer.hikari.pool.HikariPool", "getConnection", "HikariPool.java", 181)),
                4,
                refused,
                null);
        ThrowableSnapshot dao = new ThrowableSnapshot(
                "org.springframework.dao.DataAccessResourceFailureException",
                "Failed to obtain JDBC Connection",
                List.of(
                        frame(
                                "org.springframework.jdbc.datasource.DataSourceUtils",
                                "getConnection",
                                "DataSourceUtils.java",
                                84),
                        frame("com.acme.checkout.OrderRepository", "save", "OrderRepository.java", 22)),
                3,
                pool,
                null);
        ThrowableSnapshot top = new ThrowableSnapshot(
                "java.lang.IllegalStateException",
                "Order 42 could not be placed",
                List.of(
                        frame("com.acme.checkout.OrderService", "placeOrder", "OrderService.java", 57),
                        frame("com.acme.checkout.OrderController", "create", "OrderController.java", 31),
                        frame(
                                "org.springframework.web.servlet.FrameworkServlet",
                                "service",
                                "FrameworkServlet.java",
                                897),
                        frame(
                                "org.apache.catalina.core.ApplicationFilterChain",
                                "doFilter",
                                "ApplicationFilterChain.java",
                                166),
                        frame("java.lang.Thread", "run", "Thread.java", 840)),
                0,
                dao,
                null);
        AlertEvent event = event(
                T0,
                "com.acme.checkout.OrderService",
                "http-nio-8080-exec-7",
                "Checkout failed for order 42",
                null,
                mdc,
                top);
        return new AlertBatch("OrderService.IllegalStateException-0123456789ab", event, 0);
    }

    /**
     * 37 payment timeouts (one parameterized template) over 54 s, with two other messages in between:
     * "Inventory service returned HTTP 503" three times, "Cart 77 not found for customer 1042" once.
     */
    static AlertBatch storm(Map<String, String> mdc) {
        AlertBatch batch = null;
        for (int i = 0; i < 37; i++) {
            long at = T0 + i * 1500L;
            AlertEvent payment = event(
                    at,
                    "com.acme.checkout.PaymentClient",
                    "payment-worker-" + (i % 4 + 1),
                    "Payment " + (7 + i) + " timed out after 5000 ms",
                    "Payment {} timed out after {} ms",
                    mdc,
                    paymentTimeout());
            if (batch == null) {
                batch = new AlertBatch("PaymentClient.TimeoutException-5f0e2a9c1d3b", payment, 0);
            } else {
                batch.add(payment);
            }
            if (i == 3 || i == 13 || i == 27) {
                batch.add(event(
                        at + 500,
                        "com.acme.checkout.PaymentClient",
                        "payment-worker-2",
                        "Inventory service returned HTTP 503",
                        null,
                        mdc,
                        null));
            }
            if (i == 20) {
                batch.add(event(
                        at + 200,
                        "com.acme.checkout.PaymentClient",
                        "payment-worker-3",
                        "Cart 77 not found for customer 1042",
                        null,
                        mdc,
                        null));
            }
        }
        return batch;
    }

    /**
     * The next batch of the storm's group, 70 s later: 12 more payment timeouts, one more 503 (both
     * already shown in the thread) and a new message, twice.
     */
    static AlertBatch stormContinued(Map<String, String> mdc) {
        long start = T0 + 70_000;
        AlertBatch batch = null;
        for (int i = 0; i < 12; i++) {
            long at = start + i * 1000L;
            AlertEvent payment = event(
                    at,
                    "com.acme.checkout.PaymentClient",
                    "payment-worker-1",
                    "Payment " + (100 + i) + " timed out after 5000 ms",
                    "Payment {} timed out after {} ms",
                    mdc,
                    paymentTimeout());
            if (batch == null) {
                batch = new AlertBatch("PaymentClient.TimeoutException-5f0e2a9c1d3b", payment, 0);
            } else {
                batch.add(payment);
            }
            if (i == 4) {
                batch.add(event(
                        at + 100,
                        "com.acme.checkout.PaymentClient",
                        "payment-worker-2",
                        "Inventory service returned HTTP 503",
                        null,
                        mdc,
                        null));
            }
            if (i == 6 || i == 9) {
                batch.add(event(
                        at + 300,
                        "com.acme.checkout.PaymentClient",
                        "payment-worker-4",
                        "Payment provider returned HTTP 502 Bad Gateway",
                        null,
                        mdc,
                        null));
            }
        }
        return batch;
    }

    /** An error logged without a throwable; its message has two lines. */
    static AlertBatch noException(Map<String, String> mdc) {
        AlertEvent event = event(
                T0,
                "com.acme.checkout.ExportJob",
                "scheduling-1",
                "Nightly export of 1204 orders failed: 3 rows rejected\nfirst rejected row: order 77 (missing currency)",
                null,
                mdc,
                null);
        return new AlertBatch("ExportJob-7c1d0e5a9b32", event, 0);
    }

    private static ThrowableSnapshot paymentTimeout() {
        return new ThrowableSnapshot(
                "java.util.concurrent.TimeoutException",
                "no response within 5000 ms",
                List.of(
                        frame("com.acme.checkout.PaymentClient", "authorize", "PaymentClient.java", 133),
                        frame("com.acme.checkout.CheckoutService", "pay", "CheckoutService.java", 61)),
                0,
                null,
                null);
    }

    static StackTraceElement frame(String className, String method, String file, int line) {
        return new StackTraceElement(className, method, file, line);
    }

    static AlertEvent event(
            long millis,
            String logger,
            String thread,
            String message,
            String template,
            Map<String, String> mdc,
            ThrowableSnapshot thrown) {
        return AlertEvent.builder()
                .timestampMillis(millis)
                .level("ERROR")
                .loggerName(logger)
                .threadName(thread)
                .message(message)
                .messagePattern(template)
                .mdc(mdc)
                .throwable(thrown)
                .build();
    }

    // ---------------------------------------------------------------- golden files

    /**
     * Two-space indent, {@code \n} line ends and {@code "key": value}, written with the API of every
     * Jackson 2 version the compatibility run uses (Separators.Spacing came only in 2.16).
     */
    private static final class GoldenPrinter extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        GoldenPrinter() {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GoldenPrinter();
        }

        @Override
        public void writeObjectFieldValueSeparator(com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }
    }

    /** The body as stored: pretty-printed, two-space indent, {@code \n} line ends, trailing newline. */
    static String pretty(byte[] body) {
        try {
            return JSON.writer(new GoldenPrinter()).writeValueAsString(JSON.readTree(body)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("body is not valid JSON", e);
        }
    }

    private static void assertGolden(AlertFormat format, String name, byte[] body) {
        String relative = "golden/" + format.name().toLowerCase(Locale.ROOT) + "/" + name + ".json";
        String actual = pretty(body);
        if (UPDATE) {
            write(sourceResources().resolve(relative), actual);
            return;
        }
        String expected = read(relative);
        assertThat(actual)
                .as(
                        "%s differs from the rendering; if the change is intended, rerun with -Dgolden.update=true and review the diff",
                        relative)
                .isEqualTo(expected);
    }

    /** {@code core/src/test/resources}, from the working directory (the module's under surefire, or the project's). */
    private static Path sourceResources() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        Path module = Files.isDirectory(dir.resolve("src/test/java/io/github/gchatappender/core"))
                ? dir
                : dir.resolve("core");
        return module.resolve("src/test/resources");
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String read(String relative) {
        try (InputStream in = GoldenRenderingTest.class.getResourceAsStream("/" + relative)) {
            if (in == null) {
                return fail("missing golden file %s; create it with -Dgolden.update=true", relative);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }
}
