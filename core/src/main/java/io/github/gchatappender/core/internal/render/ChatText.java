package io.github.gchatappender.core.internal.render;

/**
 * Neutralises log data before it goes into Google Chat's text syntax, which has no escape
 * character. Applied to everything that comes from the application (messages, exception messages,
 * logger, thread and MDC values), never to the appender's own markup.
 *
 * <ul>
 *   <li>{@code <} becomes {@code ‹} (U+2039), so data can form neither a mention
 *       ({@code <users/all>}) nor a link ({@code <https://x|click>}).</li>
 *   <li>Line breaks: every character a Chat client, a browser or Unicode may show as one (CR, LF,
 *       VT, FF, the separators U+001C to U+001E, NEL U+0085, U+2028, U+2029) becomes a space where the
 *       data has one line ({@link #inline}, {@link #htmlInline}), so that data can never add a line
 *       that reads as the appender's own (a forged digest line, say). Where data may span lines
 *       ({@link #plain}, {@link #html}) they all become {@code \n} (CR is dropped), so that callers
 *       need to look for no other.</li>
 *   <li>Other control characters become spaces; bidirectional marks, overrides and isolates are
 *       removed, so text cannot be visually reordered; a lone surrogate becomes U+FFFD, so the JSON
 *       body stays valid UTF-8.</li>
 *   <li>A backtick becomes {@code ˋ} (U+02CB), so data can neither open a code block nor close the
 *       one that holds a stack trace.</li>
 * </ul>
 */
public final class ChatText {

    static final char ANGLE_REPLACEMENT = '\u2039';
    static final char BACKTICK_REPLACEMENT = '\u02CB';

    private ChatText() {}

    /** Data shown as ordinary text or in a code block; newlines kept. */
    public static String plain(String data) {
        return neutralise(data, false, true);
    }

    /** Data shown on one line: line breaks become spaces. */
    public static String inline(String data) {
        return neutralise(data, true, true);
    }

    /**
     * Data shown in a card's HTML subset: cleaned as above, then {@code & < > "} escaped, so data can
     * add no tag (no link, no font, no break); {@code <} is escaped here rather than replaced. Line
     * breaks come out as {@code \n}.
     */
    public static String html(String data) {
        return escapeHtml(neutralise(data, false, false));
    }

    /** Data shown on one line of a card (a listed message, a detail): as {@link #html}, breaks as spaces. */
    public static String htmlInline(String data) {
        return escapeHtml(neutralise(data, true, false));
    }

    /**
     * Every line break in {@code data} as {@code \n}, and control and bidirectional characters cleaned,
     * nothing else changed: for a caller that splits data into lines before escaping it.
     */
    static String lines(String data) {
        return neutralise(data, false, false);
    }

    private static String escapeHtml(String clean) {
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    private static String neutralise(String data, boolean oneLine, boolean chatSyntax) {
        if (data == null) {
            return "";
        }
        StringBuilder out = null;
        int length = data.length();
        for (int i = 0; i < length; i++) {
            char c = data.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(data.charAt(i + 1));
            String replacement = pair ? null : replacementFor(c, oneLine, chatSyntax);
            if (replacement != null && out == null) {
                out = new StringBuilder(length).append(data, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else if (pair) {
                    out.append(c).append(data.charAt(i + 1));
                } else {
                    out.append(c);
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? data : out.toString();
    }

    /** Null when {@code c} is safe as it is; surrogates reach here only when they are unpaired. */
    private static String replacementFor(char c, boolean oneLine, boolean chatSyntax) {
        if (c == '<' && chatSyntax) {
            return String.valueOf(ANGLE_REPLACEMENT);
        }
        if (c == '`' && chatSyntax) {
            return String.valueOf(BACKTICK_REPLACEMENT);
        }
        if (c == '\n' || c == '\t' || c == '\u2028' || c == '\u2029') {
            return oneLine ? " " : c == '\u2028' || c == '\u2029' ? "\n" : null;
        }
        if (c == '\r') {
            return oneLine ? " " : "";
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
            return " ";
        }
        if ((c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C') {
            return "";
        }
        if (Character.isSurrogate(c)) {
            return "\uFFFD";
        }
        return null;
    }
}
