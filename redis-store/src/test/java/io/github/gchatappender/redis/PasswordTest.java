package io.github.gchatappender.redis;

import static io.github.gchatappender.redis.Stores.SPACE;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.github.gchatappender.testkit.BlackHole;
import io.github.gchatappender.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The password in the URL appears nowhere: not in the store's {@code toString}, not in any exception's
 * message or causes or stack trace, and not in what Lettuce and Netty print meanwhile, with their logging
 * turned up to DEBUG.
 */
class PasswordTest {

    /** Distinctive, so that finding it anywhere is no coincidence. */
    private static final String PASSWORD = "Zq7-fleet-S3CRET-5f1d";

    private static final String WRONG = "Wx9-wrong-S3CRET-77aa";

    private static final List<Consumer<FleetStore>> CALLS = List.of(
            store -> store.tryTakePermit(SPACE, TimeUnit.MILLISECONDS.toNanos(200)),
            store -> store.touchIncident(SPACE, "thread", 300),
            store -> store.claimResolvedNote(SPACE, "thread", 300));

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutputWithLettuceAtDebug() {
        Stores.warmUp();
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(printed, originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(printed, originalErr), true, StandardCharsets.UTF_8));
        logger("io.lettuce").setLevel(Level.DEBUG);
        logger("io.netty").setLevel(Level.DEBUG);
    }

    @AfterEach
    void nothingPrintedTheSecrets() {
        logger("io.lettuce").setLevel(null);
        logger("io.netty").setLevel(null);
        System.setOut(originalOut);
        System.setErr(originalErr);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain(PASSWORD).doesNotContain(WRONG);
    }

    @Test
    void theRightPasswordWorksAndIsNeverShown() {
        try (RedisServer server = RedisServer.startedWithPassword(PASSWORD);
                FleetStore store = Stores.open(server.url())) {
            assertThat(server.url()).contains(PASSWORD);

            assertThat(store.touchIncident(SPACE, "thread", 300)).isTrue();
            assertThat(store.tryTakePermit(SPACE, TimeUnit.MILLISECONDS.toNanos(200)))
                    .isZero();

            assertThat(store.toString()).isEqualTo("RedisFleetStore[redis://****@127.0.0.1:" + server.port() + "]");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndMasked() {
        try (RedisServer server = RedisServer.startedWithPassword(PASSWORD);
                FleetStore store = Stores.open("redis://:" + WRONG + "@127.0.0.1:" + server.port())) {
            for (Consumer<FleetStore> call : CALLS) {
                FleetStoreException failure = Stores.failure(store, call).exception;
                assertThat(failure).hasMessageContaining("password refused (WRONGPASS)");
                assertMasked(failure, "redis://****@127.0.0.1:" + server.port());
            }
            assertThat(store.toString()).contains("****").doesNotContain(WRONG);
        }
    }

    @Test
    void aUserAndPasswordAreMaskedTogether() {
        try (RedisServer server = RedisServer.startedWithPassword(PASSWORD);
                FleetStore store = Stores.open("redis://fleet:" + WRONG + "@127.0.0.1:" + server.port())) {
            FleetStoreException failure = Stores.failure(store, CALLS.get(1)).exception;
            assertMasked(failure, "redis://****@127.0.0.1:" + server.port());
            assertThat(describe(failure)).doesNotContain("fleet:");
        }
    }

    @Test
    void aStoreDownOrHangingMasksThePasswordToo() {
        try (RedisServer server = RedisServer.startedWithPassword(PASSWORD);
                FleetStore store = Stores.open(server.url())) {
            assertThat(store.touchIncident(SPACE, "thread", 300)).isTrue();
            server.stop();
            for (Consumer<FleetStore> call : CALLS) {
                assertMasked(Stores.failure(store, call).exception, "redis://****@127.0.0.1:" + server.port());
            }
        }
        try (BlackHole hole = new BlackHole();
                FleetStore store = Stores.open("redis://:" + PASSWORD + "@127.0.0.1:" + hole.port())) {
            assertMasked(Stores.failure(store, CALLS.get(0)).exception, "redis://****@127.0.0.1:" + hole.port());
        }
    }

    /** The masked URL is in the message; neither password is anywhere in the chain. */
    private static void assertMasked(FleetStoreException failure, String maskedUrl) {
        assertThat(failure.getMessage()).contains(maskedUrl);
        assertThat(describe(failure)).contains("****").doesNotContain(PASSWORD).doesNotContain(WRONG);
    }

    /** Everything a logger could print of the exception: each cause's message, and the stack trace. */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n').append(t.getMessage()).append('\n').append(t.getLocalizedMessage());
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(suppressed).append('\n');
            }
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return text.append(trace).toString();
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    /** Writes to the capture and on to the original stream. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream capture;
        private final PrintStream original;

        Tee(ByteArrayOutputStream capture, PrintStream original) {
            this.capture = capture;
            this.original = original;
        }

        @Override
        public synchronized void write(int b) {
            capture.write(b);
            original.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            capture.write(b, off, len);
            original.write(b, off, len);
        }
    }
}
