package io.github.gchatappender.core.internal.event;

import io.github.gchatappender.core.event.AlertEvent;
import java.util.regex.Pattern;

/**
 * What makes two messages "the same error": the framework's parameterized template when it gives
 * one ({@code "Order {} failed"}), otherwise the message with its variable parts normalised, so that
 * {@code "Order 42 failed"} and {@code "Order 43 failed"} fold into one entry. UUIDs, hex ids
 * ({@code 0x1f}, or 8+ hex digits with at least one digit and one letter) and numbers become placeholders.
 * Only ever compared, never shown.
 */
public final class MessagePattern {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX =
            Pattern.compile("\\b(?:0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,})\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    /** Normalising a longer text would cost the dispatcher more than folding saves. */
    private static final int MAX_NORMALISED_CHARS = 1000;

    private MessagePattern() {}

    /** The key two events must share to fold into one entry. */
    public static String of(AlertEvent event) {
        String template = event.messagePattern();
        if (template != null && !template.equals(event.message())) {
            return template;
        }
        return normalise(event.message());
    }

    static String normalise(String message) {
        String head = SafeCut.head(message, MAX_NORMALISED_CHARS);
        String result = UUID.matcher(head).replaceAll("{uuid}");
        result = HEX.matcher(result).replaceAll("{hex}");
        return NUMBER.matcher(result).replaceAll("{n}");
    }
}
