package io.github.gchatappender.redis;

import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The {@link FleetStore} on Redis ({@code redis://} and {@code rediss://}), through one Lettuce client
 * and one connection per store: what the replicas of a fleet share when they post to one Chat space.
 *
 * <ul>
 *   <li>{@link #tryTakePermit}: the space's quota, a Bucket4j token bucket under {@code
 *       gchat-appender:{space}:quota}: capacity 1, refilled greedily by 1 token per interval, so that
 *       permits come at least an interval apart across the fleet and an idle spell saves up no burst.
 *       When replicas ask with different intervals, the longest one wins.
 *   <li>{@link #touchIncident} and {@link #claimResolvedNote}: one Lua script each, atomic in Redis,
 *       over {@code gchat-appender:{space}:incident:<thread key>}, which lives while any replica logs the
 *       thread's errors, and {@code ...:resolved:<thread key>}, which the replica that posts the
 *       resolved note sets so that no other one does. A new incident of the thread clears it.
 * </ul>
 *
 * <p>The space in braces is a Redis Cluster hash tag: a space's keys share a slot. Every key expires by
 * itself, within about the quiet period or the interval (plus a second): nothing is left in Redis by a
 * space that goes quiet or a replica that dies.
 *
 * <p><b>Under load</b> a call is one or two round trips: a permit is a GET and a compare-and-swap script
 * (retried when another replica swapped in between), an incident call one script. The store is called
 * by its sender's dispatcher thread, never by a thread that logs; several stores in one JVM share
 * nothing. Permits are timed by each replica's clock, as Bucket4j does: replicas whose clocks differ by
 * a few milliseconds see a permit that much early or late.
 *
 * <p><b>On failure</b> a call never hangs: it throws {@link FleetStoreException} within the connect
 * timeout ({@value #CONNECT_TIMEOUT_MILLIS} ms) plus the command timeout ({@value #COMMAND_TIMEOUT_MILLIS}
 * ms), so that the dispatcher falls back to its own schedule within its 2 s budget. A Redis that is
 * down when the store opens is no error until a call; a port that refuses fails a call at once, a port
 * that accepts and never answers within those timeouts. After any failure the connection is dropped,
 * and the next call connects anew: calls succeed again as soon as Redis is back, on the same address.
 * The exception's message names the store by its masked address and says what failed (timeout,
 * connection refused, password refused); its causes stand for Lettuce's, Netty's or Bucket4j's
 * exceptions, with their class names, stack traces and messages, the password masked. This module logs
 * nothing; Lettuce and Netty log through their own logging facade, and Lettuce masks the password.
 *
 * <p>The address's own settings (a database in the path, {@code ?timeout=} and the like) are Lettuce's
 * {@link RedisURI} syntax; the timeouts above replace any timeout it names.
 */
public final class RedisFleetStore implements FleetStore {

    /**
     * How long a call waits for a connection: half a second, so that a call that then waits for its
     * command too stays within the dispatcher's 2 s budget for falling back.
     */
    public static final long CONNECT_TIMEOUT_MILLIS = 500;

    /**
     * How long a call waits for Redis's answer, all of a permit's compare-and-swap retries included: half
     * a second, hundreds of times a healthy Redis's round trip, and within the dispatcher's 2 s budget.
     */
    public static final long COMMAND_TIMEOUT_MILLIS = 500;

    private final FleetStoreAddress address;
    private final StoreFailures failures;
    private final RedisConnector connector;
    private final FleetQuota quota = new FleetQuota(Duration.ofMillis(COMMAND_TIMEOUT_MILLIS));

    /**
     * Opens a store at {@code address} without waiting for it: its client starts, and then connects, on a
     * thread of its own, and the first call waits for both within the connect timeout. A call that comes
     * while a JVM's first client still loads its classes (seconds on a busy machine) may fail for
     * that reason alone, as any call may fail.
     *
     * @throws IllegalArgumentException when the address is no Redis URL that Lettuce takes; the message
     *     shows it masked
     */
    public RedisFleetStore(FleetStoreAddress address) {
        this.address = address;
        this.failures = new StoreFailures(address);
        RedisURI uri;
        try {
            uri = RedisURI.create(address.uri());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "is not a Redis URL such as redis://:password@host:6379/0 (" + address.masked() + ")");
        }
        this.connector = new RedisConnector(uri, "gchat-appender-redis-start " + address.masked());
    }

    @Override
    public long tryTakePermit(String space, long intervalNanos) {
        if (intervalNanos <= 0) {
            // No interval, no limit: nothing to share.
            return 0;
        }
        return call("tryTakePermit", connection -> quota.tryTake(connection, space, intervalNanos));
    }

    @Override
    public boolean touchIncident(String space, String threadKey, long quietMillis) {
        return call(
                "touchIncident",
                connection ->
                        runScript(connection, IncidentScripts.TOUCH_INCIDENT, space, threadKey, quietMillis) == 1L);
    }

    @Override
    public long claimResolvedNote(String space, String threadKey, long quietMillis) {
        return call(
                "claimResolvedNote",
                connection ->
                        runScript(connection, IncidentScripts.CLAIM_RESOLVED_NOTE, space, threadKey, quietMillis));
    }

    /**
     * Closes the connection and ends the client's threads, waiting two seconds at most (a few milliseconds
     * when Redis answers); idempotent. Calls after it throw {@link FleetStoreException}.
     */
    @Override
    public void close() {
        connector.close();
    }

    /** The store's masked address: never its password. */
    @Override
    public String toString() {
        return "RedisFleetStore[" + address.masked() + "]";
    }

    private static long runScript(
            StatefulRedisConnection<String, byte[]> connection,
            String script,
            String space,
            String threadKey,
            long quietMillis) {
        // Redis refuses PX 0: the shortest quiet period it can keep is a millisecond.
        byte[] quiet = Long.toString(Math.max(1, quietMillis)).getBytes(StandardCharsets.US_ASCII);
        Long answer = connection
                .sync()
                .eval(
                        script,
                        ScriptOutputType.INTEGER,
                        new String[] {FleetKeys.incident(space, threadKey), FleetKeys.resolved(space, threadKey)},
                        quiet);
        if (answer == null) {
            throw new IllegalStateException("Redis answered a script with nothing");
        }
        return answer;
    }

    private <T> T call(String operation, Function<StatefulRedisConnection<String, byte[]>, T> command) {
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = connector.connection();
        } catch (IllegalStateException closed) {
            throw failures.closed(operation);
        } catch (ExecutionException e) {
            throw failures.failed(operation, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.failed(operation, e);
        } catch (Exception | LinkageError e) {
            throw failures.failed(operation, e);
        }
        try {
            return command.apply(connection);
        } catch (RuntimeException | LinkageError e) {
            // A connection that failed once may be dead without knowing it (see RedisConnector).
            connector.drop(connection);
            throw failures.failed(operation, e);
        }
    }
}
