package io.github.gchatappender.core.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.AlertEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessagePatternTest {

    // ---------------------------------------------------------------- templates without text

    @ParameterizedTest(name = "\"{0}\" has no text of its own")
    @ValueSource(
            strings = {"", "{}", "{} {}", "{}: {}", " - {} ", "{0}", "{0} {1}", "%s", "%s: %d", "%-10s|%5.2f", "%%"})
    void aTemplateOfPlaceholdersAndPunctuationHasNoText(String template) {
        assertThat(MessagePattern.hasText(template)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" has text")
    @ValueSource(strings = {"Order {} failed", "{} failed", "{}: code 7", "{x}", "%s of 3", "café {}", "42"})
    void aTemplateWithALetterOrDigitOutsideItsPlaceholdersHasText(String template) {
        assertThat(MessagePattern.hasText(template)).isTrue();
    }

    @Test
    void eventsThroughATemplateWithoutTextFoldByTheirNormalisedMessage() {
        AlertEvent declined42 = event("payment declined for order 42", "{}");
        AlertEvent declined43 = event("payment declined for order 43", "{}");
        AlertEvent disk = event("disk full on /data", "{}");

        assertThat(MessagePattern.of(declined42)).isEqualTo(MessagePattern.of(declined43));
        assertThat(MessagePattern.of(declined42)).isNotEqualTo(MessagePattern.of(disk));
        assertThat(MessagePattern.kindText("{}", "disk full on /data")).isEqualTo("disk full on /data");
        assertThat(MessagePattern.kindText("Order {} failed", "Order 1 failed")).isEqualTo("Order {} failed");
        assertThat(MessagePattern.kindText(null, "plain")).isNull();
    }

    // ---------------------------------------------------------------- normalising

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Order 42 failed|Order {n} failed",
                "Order 42 failed after 3 retries in 1500 ms|Order {n} failed after {n} retries in {n} ms",
                "took 3.25 s|took {n}.{n} s",
                "user 123e4567-e89b-12d3-a456-426614174000 not found|user {uuid} not found",
                "user 123E4567-E89B-12D3-A456-426614174000 not found|user {uuid} not found",
                "request 123e4567-e89b-12d3-a456-426614174000/9f0e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f|request {uuid}/{uuid}",
                "bad flags 0x1f|bad flags {hex}",
                "address 0XDEADBEEF unmapped|address {hex} unmapped",
                "commit a3f9c2d18e4b not found|commit {hex} not found",
                "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 mismatch|sha {hex} mismatch",
                "session=4bf92f3577b34da6a3ce929d0e0e4736;|session={hex};",
            })
    void variablePartsBecomePlaceholders(String message, String pattern) {
        assertThat(MessagePattern.normalise(message)).isEqualTo(pattern);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Payment timed out",
                "Connection refused by peer",
                // Eight or more hex letters without a digit are words, not ids.
                "deadbeef cafebabe facade accepted defaced",
                "Database unavailable: feedback queue full",
                "{} {n} {uuid} {hex}",
                "",
            })
    void wordsAreUntouched(String message) {
        assertThat(MessagePattern.normalise(message)).isEqualTo(message);
    }

    @Test
    void messagesDifferingOnlyInIdsShareAPattern() {
        assertThat(MessagePattern.normalise("Order 42 for user 123e4567-e89b-12d3-a456-426614174000 failed: 0x1f"))
                .isEqualTo(
                        MessagePattern.normalise("Order 9 for user 9f0e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f failed: 0xff"));
        assertThat(MessagePattern.normalise("Order 42 failed"))
                .isNotEqualTo(MessagePattern.normalise("Payment 42 failed"));
    }

    @Test
    void onlyTheHeadOfAVeryLongMessageIsNormalised() {
        String head = "x".repeat(1000);

        assertThat(MessagePattern.normalise(head + "a")).isEqualTo(MessagePattern.normalise(head + "b"));
        assertThat(MessagePattern.normalise("7" + "x".repeat(5000)))
                .startsWith("{n}x")
                .hasSize(1002);
    }

    /**
     * Decimal numbers of 8 digits or more match the hex-id rule (8+ hex digits with at least one
     * digit) and become {@code {hex}}, shorter ones {@code {n}}: the same message with an id of 7
     * and of 8 digits gets two patterns and is listed twice in a batch.
     */
    @Test
    void numbersOfAnyLengthShareAPattern() {
        assertThat(MessagePattern.normalise("Order 10000000 failed"))
                .isEqualTo(MessagePattern.normalise("Order 9999999 failed"));
    }

    // ---------------------------------------------------------------- template or message

    @Test
    void aTemplateDifferentFromTheMessageIsUsedAsIs() {
        AlertEvent event = event("Order 42 failed after 3 retries", "Order {} failed after 3 retries");

        assertThat(MessagePattern.of(event)).isEqualTo("Order {} failed after 3 retries");
    }

    @Test
    void eventsOfOneTemplateShareAPatternWhateverTheirArguments() {
        assertThat(MessagePattern.of(event("Payment abc timed out", "Payment {} timed out")))
                .isEqualTo(MessagePattern.of(event("Payment xyz-def timed out", "Payment {} timed out")));
    }

    @Test
    void aTemplateEqualToTheMessageIsNormalised() {
        // Logback gives the message itself as the "template" of a message logged without arguments.
        AlertEvent event = event("Order 42 failed", "Order 42 failed");

        assertThat(MessagePattern.of(event)).isEqualTo("Order {n} failed");
    }

    @Test
    void withoutATemplateTheMessageIsNormalised() {
        assertThat(MessagePattern.of(event("Order 42 failed", null))).isEqualTo("Order {n} failed");
    }

    private static AlertEvent event(String message, String template) {
        return AlertEvent.builder()
                .timestampMillis(0)
                .loggerName("com.acme.X")
                .threadName("t")
                .message(message)
                .messagePattern(template)
                .build();
    }
}
