package io.github.gchatappender.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.channel.ConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lettuce client and at most one connection. The client is started on a thread of its own, which
 * then starts the first connection attempt: the caller of the constructor waits for neither (a JVM's
 * first Lettuce client loads Netty, which takes seconds on a busy machine), and a Redis that is down
 * at start costs nothing until a call. A call waits at most {@link RedisFleetStore#CONNECT_TIMEOUT_MILLIS}
 * for the client and the connection together; an attempt that takes longer goes on, and a later call
 * takes its connection.
 *
 * <p><b>No automatic reconnect.</b> A connection that fails, or any command on it, is dropped, and the
 * next call connects anew. A call while Redis is down therefore fails within the connect timeout (at once
 * when the port refuses), and the first call after Redis is back succeeds. Lettuce's own reconnect would
 * queue or reject commands in the background on its own schedule; and a connection that timed out may
 * be dead without knowing it (a failover behind a DNS name, a dropped NAT entry), which a fresh
 * connection does not inherit.
 *
 * <p>Thread-safe: the dispatcher thread calls, another thread may close. A call waiting for a
 * connection holds the lock for at most the connect timeout, and so delays {@link #close()} that long.
 */
final class RedisConnector implements AutoCloseable {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);
    /** The message of the connect timeout of a call that came while the client was starting. */
    static final String STILL_STARTING = "client still starting";

    /** A started client and the threads it owns. */
    private static final class Client {
        final ClientResources resources;
        final RedisClient redis;

        Client(ClientResources resources, RedisClient redis) {
            this.resources = resources;
            this.redis = redis;
        }
    }

    private final RedisURI uri;
    private final CompletableFuture<Client> started = new CompletableFuture<>();
    private CompletableFuture<StatefulRedisConnection<String, byte[]>> pending;
    private StatefulRedisConnection<String, byte[]> current;
    private volatile boolean closed;

    /** @param uri the store's address with its password; its timeout becomes the command timeout */
    RedisConnector(RedisURI uri, String threadName) {
        this.uri = uri;
        uri.setTimeout(Duration.ofMillis(RedisFleetStore.COMMAND_TIMEOUT_MILLIS));
        Thread starter = new Thread(this::start, threadName);
        starter.setDaemon(true);
        starter.start();
    }

    private void start() {
        Client client;
        try {
            // Two threads of each kind, Lettuce's least: one connection, used by one dispatcher thread.
            ClientResources resources = DefaultClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                    .build();
            RedisClient redis = RedisClient.create(resources);
            redis.setOptions(ClientOptions.builder()
                    .autoReconnect(false)
                    // RESP2: the scripts' integer replies read the same on every Redis since 2.6.12, and
                    // through proxies that lack HELLO; nothing here needs RESP3.
                    .protocolVersion(ProtocolVersion.RESP2)
                    .socketOptions(SocketOptions.builder()
                            .connectTimeout(Duration.ofMillis(RedisFleetStore.CONNECT_TIMEOUT_MILLIS))
                            .build())
                    // Also bounds Bucket4j's asynchronous commands, which the URI's timeout does not.
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(RedisFleetStore.COMMAND_TIMEOUT_MILLIS)))
                    .build());
            client = new Client(resources, redis);
        } catch (RuntimeException | LinkageError e) {
            // Every call says so: a Lettuce on the class path that does not fit, say.
            started.completeExceptionally(e);
            return;
        }
        synchronized (this) {
            if (!closed) {
                pending = connectAsync(client);
                started.complete(client);
                return;
            }
            started.completeExceptionally(new IllegalStateException("closed"));
        }
        // Closed while starting: this thread shuts its client down, as close() would have.
        awaitShutdown(client);
    }

    /**
     * The open connection, or a new one, within the connect timeout.
     *
     * @throws IllegalStateException when closed
     * @throws ConnectTimeoutException when no connection was made within the connect timeout
     * @throws ExecutionException when the client did not start, or connecting failed (refused, unknown
     *     host, password)
     */
    StatefulRedisConnection<String, byte[]> connection()
            throws ConnectTimeoutException, ExecutionException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RedisFleetStore.CONNECT_TIMEOUT_MILLIS);
        Client client;
        try {
            // Outside the lock: the starting thread takes it to hand its first attempt over.
            client = started.get(RedisFleetStore.CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ConnectTimeoutException(STILL_STARTING);
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (current != null) {
                if (current.isOpen()) {
                    return current;
                }
                drop(current);
            }
            // An attempt that failed, or whose connection has closed since, says nothing about now.
            if (pending != null && pending.isDone() && !opened(pending)) {
                abandon(pending);
                pending = null;
            }
            if (pending == null) {
                pending = connectAsync(client);
            }
            try {
                current = pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                pending = null;
                return current;
            } catch (TimeoutException e) {
                // Left to go on: a link slower than the connect timeout still connects, and the next call
                // takes the connection. Lettuce ends the attempt itself: the TCP connect within the connect
                // timeout, the handshake within the command timeout.
                throw new ConnectTimeoutException(
                        "no connection within " + RedisFleetStore.CONNECT_TIMEOUT_MILLIS + " ms");
            } catch (ExecutionException e) {
                pending = null;
                throw e;
            }
        }
    }

    /** After a failure on {@code connection}: the next call connects anew. */
    synchronized void drop(StatefulRedisConnection<String, byte[]> connection) {
        if (connection == current) {
            current = null;
            connection.closeAsync();
        }
    }

    /**
     * Closes the connection and shuts the client and its threads down, waiting two seconds at most (in
     * practice a few milliseconds); idempotent. A client still starting is shut down by its own thread.
     */
    @Override
    public void close() {
        Client client;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // The client's shutdown closes the connections it made: closing them here too makes Lettuce
            // warn. One still being made is closed when it arrives.
            if (pending != null && !pending.isDone()) {
                abandon(pending);
            }
            pending = null;
            current = null;
            // Not started yet: the starting thread sees "closed" and shuts its client down itself.
            client = started.isDone() && !started.isCompletedExceptionally() ? started.join() : null;
        }
        if (client != null) {
            awaitShutdown(client);
        }
    }

    /** Closes the client's connections, then ends its threads, waiting two seconds at most. */
    private static void awaitShutdown(Client client) {
        long timeout = SHUTDOWN_TIMEOUT.toMillis();
        try {
            client.redis
                    .shutdownAsync(0, timeout, TimeUnit.MILLISECONDS)
                    .thenCompose(ignored -> toCompletable(client.resources.shutdown(0, timeout, TimeUnit.MILLISECONDS)))
                    .get(2 * timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Its threads end on their own once their shutdown completes; nothing is left to release.
        }
    }

    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connectAsync(Client client) {
        try {
            return client.redis.connectAsync(CODEC, uri).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean opened(CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt) {
        if (attempt.isCompletedExceptionally()) {
            return false;
        }
        StatefulRedisConnection<String, byte[]> connection = attempt.getNow(null);
        return connection != null && connection.isOpen();
    }

    /** A connection that comes too late is closed as it arrives. */
    private static void abandon(CompletableFuture<StatefulRedisConnection<String, byte[]>> attempt) {
        attempt.whenComplete((connection, failure) -> {
            if (connection != null && connection.isOpen()) {
                connection.closeAsync();
            }
        });
    }

    private static CompletableFuture<Boolean> toCompletable(io.netty.util.concurrent.Future<Boolean> future) {
        CompletableFuture<Boolean> completable = new CompletableFuture<>();
        future.addListener(done -> {
            if (done.isSuccess()) {
                completable.complete(future.getNow());
            } else {
                completable.completeExceptionally(done.cause());
            }
        });
        return completable;
    }
}
