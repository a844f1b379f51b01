package io.github.gchatappender.core.internal.transport;

import io.github.gchatappender.core.internal.GoogleChatLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Posts messages with the JDK's {@link HttpClient}: connect timeout, a whole-exchange deadline
 * (headers and body), redirects never followed (a redirect would carry the token elsewhere), the
 * JVM's default proxy selector, and a response body read up to {@value WebhookResponse#MAX_BODY_CHARS}
 * bytes and discarded beyond, so a hostile or broken endpoint cannot hold the dispatcher or its memory.
 *
 * <p>The client is shared with the other transports of this JVM that have the same connect timeout
 * and proxy ({@link SharedHttpClients}), so that reconfiguring the logging again and again adds no
 * threads; {@link #close()} gives it back.
 */
public final class JdkHttpTransport implements WebhookTransport {

    /** Longer Retry-After values are taken as this many seconds; the backoff caps them further. */
    static final long MAX_RETRY_AFTER_SECONDS = 3600;

    private final URI uri;
    private final SharedHttpClients.Lease lease;
    /** Null once closed: a closed transport sends nothing more on the shared client. */
    private volatile HttpClient client;

    public JdkHttpTransport(WebhookUrl url, Duration connectTimeout) {
        this(url, connectTimeout, null);
    }

    /** @param proxy an HTTP proxy, or null for the JVM's default proxy selector */
    public JdkHttpTransport(WebhookUrl url, Duration connectTimeout, InetSocketAddress proxy) {
        this.uri = url.threadedUri();
        this.lease = SharedHttpClients.acquire(connectTimeout, proxy);
        this.client = lease.client();
    }

    @Override
    public CompletableFuture<WebhookResponse> post(byte[] jsonBody, Duration timeout) {
        if (jsonBody.length > GoogleChatLimits.MAX_MESSAGE_BYTES) {
            // The renderer keeps bodies within Google's limit; this is the last check before the network.
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "message body of " + jsonBody.length + " bytes exceeds " + GoogleChatLimits.MAX_MESSAGE_BYTES));
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody))
                .build();
        HttpClient open = client;
        if (open == null) {
            return CompletableFuture.failedFuture(new IOException("transport closed"));
        }
        BoundedBody body = new BoundedBody();
        CompletableFuture<WebhookResponse> answer = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Void>> exchange =
                open.sendAsync(request, info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(body));
        exchange.whenComplete((response, error) -> {
            if (error == null) {
                answer.complete(new WebhookResponse(response.statusCode(), body.text(), retryAfter(response)));
            } else {
                answer.completeExceptionally(asIOException(error));
            }
        });
        // The request's own timeout ends at the headers; this one also bounds a body that trickles.
        // orTimeout fires on the JDK's own delay thread, so a busy common pool cannot make it late.
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        deadline.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((ignored, expired) -> {
            if (expired != null) {
                answer.completeExceptionally(
                        new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms"));
            }
        });
        answer.whenComplete((response, error) -> {
            deadline.complete(null); // Cancels the timer.
            if (error != null) {
                exchange.cancel(true); // Timed out or abandoned by the dispatcher.
            }
        });
        return answer;
    }

    private static IOException asIOException(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        return new IOException(
                cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isPresent()) {
            try {
                long seconds = Long.parseLong(value.get().trim());
                return seconds >= 0 ? Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER_SECONDS)) : null;
            } catch (NumberFormatException httpDate) {
                return null; // An HTTP-date; Google sends none, the backoff formula applies instead.
            }
        }
        return null;
    }

    @Override
    public void close() {
        client = null;
        lease.release();
    }

    /** Keeps the first bytes of the body and drops the rest, so memory stays bounded. */
    private static final class BoundedBody implements java.util.function.Consumer<Optional<byte[]>> {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(bytes -> kept.write(
                    bytes, 0, Math.min(bytes.length, Math.max(0, WebhookResponse.MAX_BODY_CHARS - kept.size()))));
        }

        synchronized String text() {
            return new String(kept.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
