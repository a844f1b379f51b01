package io.github.gchatappender.examples;

import java.util.Locale;

/**
 * Renders a message's {@code text} in Google Chat's text syntax as HTML, as {@link PreviewPage} shows it:
 * {@code *bold*}, {@code _italic_}, {@code ~strike~}, {@code `code`}, {@code ```blocks```}, bullets
 * ({@code "* "} or {@code "- "} at the start of a line), {@code <url|label>}, {@code <url>} and bare
 * URL links, {@code <users/...>} mentions, line breaks.
 *
 * <p>Everything else is HTML-escaped: to Chat, text is never HTML, and Chat has no escape character,
 * so what the syntax does not claim is shown as typed. Only http, https and mailto URLs become links.
 * Emphasis follows Chat's word rule: a marker opens after a non-word character and before a
 * non-space, and closes after a non-space and before a non-word character, so
 * {@code snake_case_name} and {@code 2*3*4} stay as typed. Emphasis does not span lines.
 */
final class ChatMarkup {

    private static final String FENCE = "```";

    private ChatMarkup() {}

    static String toHtml(String text) {
        StringBuilder html = new StringBuilder(text.length() + 64);
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf(FENCE, at);
            int close = open < 0 ? -1 : text.indexOf(FENCE, open + FENCE.length());
            if (close < 0) {
                // An unclosed fence is plain text in Chat.
                lines(text.substring(at), html);
                break;
            }
            // The newlines around a block belong to the block, which is on lines of its own anyway.
            lines(withoutTrailingNewline(text.substring(at, open)), html);
            String code = text.substring(open + FENCE.length(), close);
            html.append("<pre>")
                    .append(escape(withoutTrailingNewline(code.startsWith("\n") ? code.substring(1) : code)))
                    .append("</pre>");
            at = close + FENCE.length();
            if (text.startsWith("\n", at)) {
                at++;
            }
        }
        return html.toString();
    }

    private static void lines(String segment, StringBuilder html) {
        if (segment.isEmpty()) {
            return;
        }
        String[] lines = segment.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                html.append("<br>\n");
            }
            String line = lines[i];
            if (line.startsWith("* ") || line.startsWith("- ")) {
                html.append("• ");
                line = line.substring(2);
            }
            inline(line, html);
        }
    }

    private static void inline(String s, StringBuilder html) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end;
            if (c == '`' && (end = s.indexOf('`', i + 1)) > i + 1) {
                html.append("<code>").append(escape(s.substring(i + 1, end))).append("</code>");
                i = end + 1;
            } else if (c == '<' && (end = s.indexOf('>', i + 1)) > 0 && angle(s.substring(i + 1, end), html)) {
                i = end + 1;
            } else if ((c == 'h' || c == 'H') && (end = bareUrlEnd(s, i)) > i) {
                String url = s.substring(i, end);
                html.append("<a href=\"")
                        .append(escape(url))
                        .append("\">")
                        .append(escape(url))
                        .append("</a>");
                i = end;
            } else if ((c == '*' || c == '_' || c == '~') && (end = closingMarker(s, i)) > 0) {
                String tag = c == '*' ? "b" : c == '_' ? "i" : "s";
                html.append('<').append(tag).append('>');
                inline(s.substring(i + 1, end), html);
                html.append("</").append(tag).append('>');
                i = end + 1;
            } else {
                html.append(escape(String.valueOf(c)));
                i++;
            }
        }
    }

    /** Renders {@code <inner>} when it is a link or a mention, and says whether it was. */
    private static boolean angle(String inner, StringBuilder html) {
        if (inner.startsWith("users/") && inner.length() > "users/".length()) {
            String who = inner.equals("users/all") ? "all" : inner;
            html.append("<span class=\"mention\">@").append(escape(who)).append("</span>");
            return true;
        }
        int bar = inner.indexOf('|');
        String url = bar < 0 ? inner : inner.substring(0, bar);
        if (!isLinkable(url)) {
            return false;
        }
        String label = bar < 0 || bar == inner.length() - 1 ? url : inner.substring(bar + 1);
        html.append("<a href=\"")
                .append(escape(url))
                .append("\">")
                .append(escape(label))
                .append("</a>");
        return true;
    }

    /** The end of a bare URL starting at {@code i}, without the punctuation that usually follows one; or -1. */
    private static int bareUrlEnd(String s, int i) {
        String rest = s.substring(i, Math.min(s.length(), i + 8)).toLowerCase(Locale.ROOT);
        if (!(rest.startsWith("http://") || rest.startsWith("https://"))
                || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
            return -1;
        }
        int end = i;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && "<>\"`".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        while (end > i && ".,;:!?)]}'*_~".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.indexOf("://", i) + 3 < end ? end : -1;
    }

    /** Where the emphasis opened by the marker at {@code open} closes, or -1 when it does not open. */
    private static int closingMarker(String s, int open) {
        char marker = s.charAt(open);
        if (open + 1 >= s.length()
                || Character.isWhitespace(s.charAt(open + 1))
                || (open > 0 && isWordChar(s.charAt(open - 1)))) {
            return -1;
        }
        for (int j = open + 2; j < s.length(); j++) {
            if (s.charAt(j) == marker
                    && !Character.isWhitespace(s.charAt(j - 1))
                    && (j + 1 == s.length() || !isWordChar(s.charAt(j + 1)))) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String withoutTrailingNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** Whether {@code url} may be a link target on the page: http, https or mailto, nothing that runs code. */
    static boolean isLinkable(String url) {
        String lower = url.trim().toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:"))
                && lower.length() > "mailto:".length();
    }

    /** Escapes text for HTML content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }
}
