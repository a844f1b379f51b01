package io.github.gchatappender.core.internal.event;

import io.github.gchatappender.core.event.AlertEvent;
import java.util.regex.Pattern;

/**
 * What makes two messages "the same error": the framework's parameterized template when it gives
 * one ({@code "Order {} failed"}) and it has text of its own, otherwise the message with its variable
 * parts normalised, so that
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
        if (template != null && !template.equals(event.message()) && hasText(template)) {
            return template;
        }
        return normalise(event.message());
    }

    /**
     * What names an event's kind for the callers' repeat counters, beside its logger and exception:
     * its template, or its message when the template has no text of its own; null when there is no
     * template. Both arguments as the snapshot keeps them (see {@link SnapshotCaps}).
     */
    public static String kindText(String template, String message) {
        return template == null || hasText(template) ? template : message;
    }

    /**
     * Whether a template says something besides its placeholders: a letter or digit outside {@code {}},
     * {@code {0}} and {@code %s}-like conversions. {@code log.error("{}", description)}, an empty format
     * (Log4j2's {@code MapMessage}) or {@code "%s: %s"} say nothing: two such events are the same error
     * only if their messages are. A template that starts with a letter is told in one step.
     */
    public static boolean hasText(String template) {
        int length = template.length();
        for (int i = 0; i < length; i++) {
            char c = template.charAt(i);
            if (c == '{') {
                i = endOfPlaceholder(template, i, '}');
            } else if (c == '%') {
                i = endOfConversion(template, i);
            } else if (Character.isLetterOrDigit(c)) {
                return true;
            }
        }
        return false;
    }

    /** The index of the {@code '}'} closing a placeholder of digits or nothing opened at {@code open}; else {@code open}. */
    private static int endOfPlaceholder(String template, int open, char close) {
        int i = open + 1;
        while (i < template.length() && Character.isDigit(template.charAt(i))) {
            i++;
        }
        return i < template.length() && template.charAt(i) == close ? i : open;
    }

    /** The index of the conversion letter of a {@code %[flags][width][.precision]x} opened at {@code percent}; else {@code percent}. */
    private static int endOfConversion(String template, int percent) {
        int i = percent + 1;
        while (i < template.length() && "-#+ 0,(.".indexOf(template.charAt(i)) >= 0
                || i < template.length() && Character.isDigit(template.charAt(i))) {
            i++;
        }
        if (i < template.length() && (Character.isLetter(template.charAt(i)) || template.charAt(i) == '%')) {
            return i;
        }
        return percent;
    }

    static String normalise(String message) {
        String head = SafeCut.head(message, MAX_NORMALISED_CHARS);
        String result = UUID.matcher(head).replaceAll("{uuid}");
        result = HEX.matcher(result).replaceAll("{hex}");
        return NUMBER.matcher(result).replaceAll("{n}");
    }
}
