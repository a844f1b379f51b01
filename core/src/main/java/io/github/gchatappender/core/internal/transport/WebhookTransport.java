package io.github.gchatappender.core.internal.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The one seam between the dispatcher and the network: posts one JSON message and answers,
 * asynchronously, with what the webhook returned. The dispatcher keeps draining its queue while a
 * request is in flight, and has at most one in flight at a time.
 */
public interface WebhookTransport extends AutoCloseable {

    /**
     * Starts posting {@code jsonBody}. The future completes with the answer, or exceptionally with an
     * {@link java.io.IOException} (connection failure, reset, or no complete answer within
     * {@code timeout}), whose message may carry the URL, so callers mask it before reporting.
     * Cancelling the future abandons the request.
     */
    CompletableFuture<WebhookResponse> post(byte[] jsonBody, Duration timeout);

    /** Releases threads and connections; requests still in flight are abandoned. */
    @Override
    void close();
}
