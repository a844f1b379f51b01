package io.github.gchatappender.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on a loopback port, run as a child process of the test: the fleet store's
 * tests need Redis's own behaviour (expiry, scripts, a server that dies and comes back), which no mock
 * has. Debian's {@code /usr/bin/redis-server} by default ({@code .ci/run} installs it), or the one the
 * environment variable {@code REDIS_SERVER} names.
 *
 * <p>The server keeps nothing on disk ({@code --save "" --appendonly no}) and binds 127.0.0.1 only. The
 * port stays the same across {@link #stop()} and {@link #start()}, as a Redis restarted by its
 * supervisor would: clients that reconnect find it again. A server that does not answer PING within
 * 10 s fails the test with the end of its log.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);

    private final int port;
    private final String password;
    private final Path dir;
    private Process process;
    private Thread reaper;

    /** A server on a free loopback port, without a password, not started yet. */
    public RedisServer() {
        this(freePort(), null);
    }

    /**
     * A server on {@code port}, not started yet.
     *
     * @param password what {@code --requirepass} asks of clients, or null for none
     */
    public RedisServer(int port, String password) {
        this.port = port;
        this.password = password;
        try {
            this.dir = Files.createTempDirectory("redis-server-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on a free loopback port, without a password, started. */
    public static RedisServer started() {
        return new RedisServer().start();
    }

    /** A server on a free loopback port that asks clients for {@code password}, started. */
    public static RedisServer startedWithPassword(String password) {
        return new RedisServer(freePort(), password).start();
    }

    /** A loopback port that nothing listened on a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, with {@code :password@} when the server has one. */
    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    /** Starts the server and waits until it answers PING; no-op when it runs. */
    public synchronized RedisServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>(List.of(
                binary(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                dir.toString()));
        if (password != null) {
            command.add("--requirepass");
            command.add(password);
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run " + command.get(0) + " (install Debian's redis-server, as .ci/run does)", e);
        }
        // A test JVM that ends without close() (a failed assertion in a static set-up) takes its server along.
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "redis-server-" + port + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            await().atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !started.isAlive() || answersPing());
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("redis-server on port " + port + " did not answer PING:\n" + logTail(), e);
        }
        if (!started.isAlive()) {
            stop();
            throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + logTail());
        }
        return this;
    }

    /**
     * Kills the server, as a crash would, and waits until it has exited and its port is closed. The port
     * stays this server's: {@link #start()} starts it there again. No-op when it does not run.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-server on port " + port + " exits", e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway, on a process that is gone.
        }
        process = null;
        reaper = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server and removes its directory. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A temporary directory left behind harms no test.
        }
    }

    @Override
    public String toString() {
        return "RedisServer[127.0.0.1:" + port + (password == null ? "" : ", with a password") + "]";
    }

    /** One PING in RESP over a raw socket: any reply, +PONG or -NOAUTH, says the server is up. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException notYet) {
            return false;
        }
    }

    private Path log() {
        return dir.resolve("redis-server.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String binary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return new File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server" : "redis-server";
    }
}
