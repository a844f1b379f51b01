package io.github.gchatappender.core.internal.transport;

import java.time.Duration;
import java.util.Optional;

/** What the webhook answered: the HTTP status, the start of the body, and any Retry-After. */
public final class WebhookResponse {

    /** Longest body kept: enough for Google's error JSON, bounded against a hostile endpoint. */
    public static final int MAX_BODY_CHARS = 4096;

    private final int statusCode;
    private final String body;
    private final Duration retryAfter;

    public WebhookResponse(int statusCode, String body, Duration retryAfter) {
        this.statusCode = statusCode;
        this.body = body == null ? "" : body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
        this.retryAfter = retryAfter;
    }

    public int statusCode() {
        return statusCode;
    }

    public String body() {
        return body;
    }

    /** The server's Retry-After, when it sent one in seconds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** 408, 429 and 5xx: the same message may succeed later. */
    public boolean isRetryable() {
        return statusCode == 408 || statusCode == 429 || statusCode >= 500;
    }

    @Override
    public String toString() {
        return "WebhookResponse{" + statusCode + '}';
    }
}
