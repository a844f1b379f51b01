package io.github.gchatappender.core.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.util.function.UnaryOperator;

/**
 * Describes a failed answer the way Google's API does: {@code 403 PERMISSION_DENIED: message},
 * read from the {@code google.rpc.Status} body ({@code {"error": {"code", "message", "status"}}}).
 * A body that is not Google's error JSON (an HTML page from a proxy, say) is described by its status
 * code alone.
 */
public final class GoogleError {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_CHARS = 300;
    private static final int MAX_STATUS_CHARS = 40;

    private GoogleError() {}

    /**
     * For example {@code 400 INVALID_ARGUMENT: Invalid JSON payload received. Unknown name "x"}.
     *
     * @param mask applied to the server's text before it is cut, so that a secret the server echoes
     *             is masked whole, never printed in part
     */
    public static String describe(WebhookResponse response, UnaryOperator<String> mask) {
        String description = String.valueOf(response.statusCode());
        try {
            JsonNode error = JSON.readTree(response.body()).path("error");
            String status = SafeCut.head(mask.apply(error.path("status").asText("")), MAX_STATUS_CHARS);
            String message = mask.apply(error.path("message").asText(""));
            if (!status.isEmpty()) {
                description += ' ' + status;
            }
            if (!message.isEmpty()) {
                description += ": "
                        + (message.length() > MAX_MESSAGE_CHARS
                                ? SafeCut.head(message, MAX_MESSAGE_CHARS) + "..."
                                : message);
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // Described by the status code alone.
        }
        return description;
    }
}
