package io.github.gchatappender.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoogleErrorTest {

    private static String describe(int status, String body) {
        return GoogleError.describe(new WebhookResponse(status, body, null), text -> text);
    }

    @Test
    void googleErrorBodyGivesCodeStatusAndMessage() {
        String body = "{\n  \"error\": {\n    \"code\": 403,\n"
                + "    \"message\": \"The caller does not have permission\",\n"
                + "    \"status\": \"PERMISSION_DENIED\"\n  }\n}\n";

        assertThat(describe(403, body)).isEqualTo("403 PERMISSION_DENIED: The caller does not have permission");
    }

    @Test
    void invalidArgumentWithDetails() {
        String body =
                "{\"error\": {\"code\": 400, \"message\": \"Invalid JSON payload received. Unknown name \\\"x\\\"\","
                        + " \"status\": \"INVALID_ARGUMENT\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.BadRequest\"}]}}";

        assertThat(describe(400, body))
                .isEqualTo("400 INVALID_ARGUMENT: Invalid JSON payload received. Unknown name \"x\"");
    }

    @Test
    void statusWithoutMessage() {
        assertThat(describe(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"))
                .isEqualTo("429 RESOURCE_EXHAUSTED");
    }

    @Test
    void messageWithoutStatus() {
        assertThat(describe(500, "{\"error\":{\"code\":500,\"message\":\"Internal error\"}}"))
                .isEqualTo("500: Internal error");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                "",
                "   ",
                "Service Unavailable",
                "{\"error\": \"just a string\"}",
                "{\"other\": {\"status\": \"X\"}}",
                "[1, 2, 3]",
                "null",
                "{\"error\": {\"status\": \"UNAVAIL",
            })
    void bodiesThatAreNotGoogleErrorsGiveTheCodeAlone(String body) {
        assertThat(describe(502, body)).isEqualTo("502");
    }

    @Test
    void nullBodyGivesTheCodeAlone() {
        assertThat(describe(503, null)).isEqualTo("503");
    }

    @Test
    void longMessagesAreCut() {
        String message = "m".repeat(1000);
        String body = "{\"error\":{\"code\":400,\"message\":\"" + message + "\",\"status\":\"INVALID_ARGUMENT\"}}";

        String description = describe(400, body);

        assertThat(description).isEqualTo("400 INVALID_ARGUMENT: " + "m".repeat(300) + "...");
        assertThat(description.length()).isLessThan(400);
    }

    @Test
    void messageOfExactlyTheLimitIsNotCut() {
        String message = "m".repeat(300);

        assertThat(describe(400, "{\"error\":{\"message\":\"" + message + "\"}}"))
                .isEqualTo("400: " + message);
    }

    @Test
    void cutDoesNotSplitASurrogatePair() {
        String message = "m".repeat(299) + "\uD834\uDD1E" + "tail".repeat(10);
        String body = "{\"error\":{\"code\":400,\"message\":\"" + message + "\"}}";

        String description = describe(400, body);

        assertThat(description).endsWith("...");
        char beforeEllipsis = description.charAt(description.length() - 4);
        assertThat(Character.isHighSurrogate(beforeEllipsis))
                .as("lone high surrogate before the ellipsis")
                .isFalse();
    }

    @Test
    void bodyIsCappedByTheResponse() {
        WebhookResponse response = new WebhookResponse(400, "x".repeat(10_000), null);

        assertThat(response.body()).hasSize(WebhookResponse.MAX_BODY_CHARS);
        assertThat(GoogleError.describe(response, text -> text)).isEqualTo("400");
    }

    @Test
    void theServersTextIsMaskedBeforeItIsCutSoNoPartOfASecretSurvives() {
        String secret = "SECRET-TOKEN-0123456789";
        String body = "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\",\"message\":\"" + "x".repeat(290) + secret
                + "\"}}";

        String description =
                GoogleError.describe(new WebhookResponse(503, body, null), text -> text.replace(secret, "***"));

        assertThat(description).doesNotContain("SECRET").contains("***");
    }
}
