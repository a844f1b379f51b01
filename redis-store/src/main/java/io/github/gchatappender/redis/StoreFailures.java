package io.github.gchatappender.redis;

import io.github.gchatappender.core.fleet.FleetStoreAddress;
import io.github.gchatappender.core.fleet.FleetStoreException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Turns whatever Lettuce, Netty or Bucket4j threw into the {@link FleetStoreException} the dispatcher
 * expects: a message that names the store by its masked address and says what failed in words an
 * operator acts on (timeout, refused, password), and the original chain as {@link MaskedException}s. No
 * text of theirs is copied unmasked: Lettuce puts the URL it connects to into some messages.
 */
final class StoreFailures {

    private final String store;
    private final Secrets secrets;

    StoreFailures(FleetStoreAddress address) {
        this.store = "Redis fleet store " + address.masked();
        this.secrets = new Secrets(address);
    }

    /** The exception for {@code failure} during {@code operation} (a {@link FleetStoreException} is kept). */
    FleetStoreException failed(String operation, Throwable failure) {
        if (failure instanceof FleetStoreException) {
            return (FleetStoreException) failure;
        }
        return new FleetStoreException(
                store + ": " + operation + " failed: " + reason(failure), MaskedException.of(failure, secrets));
    }

    /** The store was closed: no Redis call was made. */
    FleetStoreException closed(String operation) {
        return new FleetStoreException(store + ": " + operation + " failed: the store is closed");
    }

    /** The most telling cause in the chain, most specific first. */
    private String reason(Throwable failure) {
        // Netty's connect timeout is a ConnectException too: it goes first.
        Throwable connectTimeout = find(failure, ConnectTimeoutException.class::isInstance);
        if (connectTimeout != null) {
            return "no connection within " + RedisFleetStore.CONNECT_TIMEOUT_MILLIS + " ms"
                    + (RedisConnector.STILL_STARTING.equals(connectTimeout.getMessage())
                            ? " while the client starts"
                            : "")
                    + " (connect timeout)";
        }
        Throwable connect = find(failure, ConnectException.class::isInstance);
        if (connect != null) {
            String message = connect.getMessage() == null ? "" : connect.getMessage();
            // Netty's message names the address it tried: "Connection refused: /10.0.0.7:6379".
            return message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused"
                    : "cannot connect (" + secrets.mask(message) + ")";
        }
        if (find(failure, UnknownHostException.class::isInstance) != null) {
            return "unknown host";
        }
        if (find(failure, SSLException.class::isInstance) != null) {
            return "TLS handshake failed";
        }
        if (find(failure, StoreFailures::isTimeout) != null) {
            return "no answer within " + RedisFleetStore.COMMAND_TIMEOUT_MILLIS + " ms (timeout)";
        }
        Throwable refusal = find(failure, RedisCommandExecutionException.class::isInstance);
        if (refusal != null) {
            return refusal(refusal.getMessage() == null ? "" : secrets.mask(refusal.getMessage()));
        }
        if (find(failure, ClosedChannelException.class::isInstance) != null || isClosedConnection(failure)) {
            return "connection lost";
        }
        if (failure instanceof InterruptedException) {
            return "interrupted";
        }
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && depth < 20; depth++) {
            root = root.getCause();
        }
        String detail = root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + secrets.mask(root.getMessage()));
        return find(failure, RedisConnectionException.class::isInstance) != null
                ? "connection failed (" + detail + ")"
                : "unexpected " + detail;
    }

    /** Redis's error answer, told apart where the operator's fix differs: the password, or the user's rights. */
    private static String refusal(String answer) {
        if (answer.startsWith("NOAUTH")) {
            return "Redis requires a password and the URL gives none (NOAUTH)";
        }
        if (answer.startsWith("ERR AUTH")) {
            return "Redis has no password and the URL gives one (ERR AUTH)";
        }
        if (answer.startsWith("WRONGPASS") || answer.startsWith("ERR invalid password")) {
            return "password refused (" + firstWord(answer) + ")";
        }
        if (answer.startsWith("NOPERM")) {
            return "the user may not run the command or touch the key (NOPERM)";
        }
        return "Redis answered with an error: " + answer;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof RedisCommandTimeoutException
                || t instanceof TimeoutException
                || t instanceof io.github.bucket4j.TimeoutException;
    }

    /** Lettuce says so in words only: "Connection closed", "Connection is closed", "Connection reset". */
    private static boolean isClosedConnection(Throwable failure) {
        return find(failure, t -> {
                    String message = t.getMessage();
                    return message != null
                            && message.toLowerCase(Locale.ROOT).matches("(?s).*connection (is )?(closed|reset).*");
                })
                != null;
    }

    private static String firstWord(String answer) {
        int space = answer.indexOf(' ');
        return space < 0 ? answer : answer.substring(0, space);
    }

    private static Throwable find(Throwable failure, Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (test.test(t)) {
                return t;
            }
        }
        return null;
    }
}
