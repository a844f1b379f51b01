package io.github.gchatappender.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a message's {@code cardsV2} as HTML for {@link PreviewPage}: the header's title and subtitle,
 * sections with their header (a collapsible section shows its collapsed widgets marked as such), and
 * the widgets {@code textParagraph}, {@code decoratedText}, {@code buttonList} and {@code divider};
 * other widgets are named, not drawn. Images are not loaded: the page uses no external resources.
 *
 * <p>Card text is Chat's HTML subset ({@code <b> <i> <u> <s> <font color> <a href> <br>}); {@link #sanitize}
 * keeps those tags, with only their allowed attribute, closes what was left open, and escapes
 * everything else, so a {@code <script>} shows as text. Header titles, subtitles and button texts are
 * plain text, as the appender writes them.
 */
final class CardHtml {

    private static final Set<String> FORMATTING_TAGS = Set.of("b", "i", "u", "s", "font", "a");
    private static final Pattern TAG = Pattern.compile(
            "<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[a-zA-Z-]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s\"'>]+))?)*)\\s*/?>");
    private static final Pattern ATTRIBUTE =
            Pattern.compile("([a-zA-Z-]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
    private static final Pattern ENTITY =
            Pattern.compile("&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,20}");

    private CardHtml() {}

    static String render(JsonNode cardsV2) {
        StringBuilder html = new StringBuilder();
        for (JsonNode cardV2 : cardsV2) {
            card(cardV2.path("card"), html);
        }
        return html.toString();
    }

    private static void card(JsonNode card, StringBuilder html) {
        html.append("<div class=\"card\">\n");
        JsonNode header = card.path("header");
        if (header.isObject()) {
            html.append("<div class=\"card-header\"><div class=\"card-title\">")
                    .append(ChatMarkup.escape(header.path("title").asText()))
                    .append("</div>");
            if (header.hasNonNull("subtitle")) {
                html.append("<div class=\"card-subtitle\">")
                        .append(ChatMarkup.escape(header.get("subtitle").asText()))
                        .append("</div>");
            }
            html.append("</div>\n");
        }
        for (JsonNode section : card.path("sections")) {
            html.append("<div class=\"section\">");
            boolean collapsible = section.path("collapsible").asBoolean();
            if (section.hasNonNull("header") || collapsible) {
                html.append("<div class=\"section-header\">")
                        .append(sanitize(section.path("header").asText()));
                if (collapsible) {
                    html.append(" <span class=\"note\">▾ collapsible</span>");
                }
                html.append("</div>");
            }
            // Chat shows the first uncollapsibleWidgetsCount widgets and hides the rest behind "Show more".
            int shown = collapsible ? section.path("uncollapsibleWidgetsCount").asInt(0) : Integer.MAX_VALUE;
            int index = 0;
            for (JsonNode widget : section.path("widgets")) {
                if (index++ == shown) {
                    html.append("<div class=\"collapsed\"><div class=\"note\">hidden until \"Show more\":</div>");
                }
                widget(widget, html);
            }
            if (index > shown) {
                html.append("</div>");
            }
            html.append("</div>\n");
        }
        html.append("</div>\n");
    }

    private static void widget(JsonNode widget, StringBuilder html) {
        if (widget.has("textParagraph")) {
            html.append("<div class=\"widget\">")
                    .append(sanitize(widget.get("textParagraph").path("text").asText()))
                    .append("</div>\n");
        } else if (widget.has("decoratedText")) {
            JsonNode decorated = widget.get("decoratedText");
            html.append("<div class=\"widget\">");
            if (decorated.hasNonNull("topLabel")) {
                html.append("<div class=\"label\">")
                        .append(sanitize(decorated.get("topLabel").asText()))
                        .append("</div>");
            }
            html.append("<div>")
                    .append(sanitize(decorated.path("text").asText()))
                    .append("</div>");
            if (decorated.hasNonNull("bottomLabel")) {
                html.append("<div class=\"label\">")
                        .append(sanitize(decorated.get("bottomLabel").asText()))
                        .append("</div>");
            }
            html.append("</div>\n");
        } else if (widget.has("buttonList")) {
            html.append("<div class=\"widget\">");
            for (JsonNode button : widget.get("buttonList").path("buttons")) {
                String text = ChatMarkup.escape(button.path("text").asText());
                String url = button.path("onClick").path("openLink").path("url").asText();
                if (ChatMarkup.isLinkable(url)) {
                    html.append("<a class=\"button\" href=\"")
                            .append(ChatMarkup.escape(url))
                            .append("\">")
                            .append(text)
                            .append("</a> ");
                } else {
                    // Webhooks get no clicks back: only openLink buttons do anything.
                    html.append("<span class=\"button\" title=\"no openLink: does nothing\">")
                            .append(text)
                            .append("</span> ");
                }
            }
            html.append("</div>\n");
        } else if (widget.has("divider")) {
            html.append("<hr>\n");
        } else {
            StringBuilder kinds = new StringBuilder();
            widget.fieldNames()
                    .forEachRemaining(name ->
                            kinds.append(kinds.length() == 0 ? "" : ", ").append(name));
            html.append("<div class=\"widget note\">(")
                    .append(ChatMarkup.escape(kinds.toString()))
                    .append(" widget: not drawn in this preview)</div>\n");
        }
    }

    /**
     * Card text as the page may show it: Chat's tags kept ({@code font} with a plain {@code color},
     * {@code a} with an http(s) or mailto {@code href}, no other attribute), open tags closed at the
     * end, entities kept, everything else escaped. Newlines become line breaks.
     */
    static String sanitize(String html) {
        StringBuilder out = new StringBuilder(html.length() + 16);
        Deque<String> open = new ArrayDeque<>();
        Matcher tag = TAG.matcher(html);
        Matcher entity = ENTITY.matcher(html);
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<' && tag.region(i, html.length()).lookingAt()) {
                tag(tag, open, out);
                i = tag.end();
            } else if (c == '&' && entity.region(i, html.length()).lookingAt()) {
                out.append(entity.group());
                i = entity.end();
            } else {
                out.append(c == '\n' ? "<br>" : ChatMarkup.escape(String.valueOf(c)));
                i++;
            }
        }
        while (!open.isEmpty()) {
            out.append("</").append(open.pop()).append('>');
        }
        return out.toString();
    }

    private static void tag(Matcher tag, Deque<String> open, StringBuilder out) {
        String name = tag.group(2).toLowerCase(Locale.ROOT);
        boolean closing = !tag.group(1).isEmpty();
        if (name.equals("br")) {
            out.append(closing ? "" : "<br>");
        } else if (!FORMATTING_TAGS.contains(name)) {
            out.append(ChatMarkup.escape(tag.group()));
        } else if (closing) {
            // Close up to the matching open tag, so that crossed tags cannot leak past the card; a
            // stray closing tag is dropped.
            if (open.contains(name)) {
                String popped;
                do {
                    popped = open.pop();
                    out.append("</").append(popped).append('>');
                } while (!popped.equals(name));
            }
        } else {
            out.append('<')
                    .append(name)
                    .append(allowedAttribute(name, tag.group(3)))
                    .append('>');
            open.push(name);
        }
    }

    private static String allowedAttribute(String tag, String attributes) {
        String wanted = tag.equals("font") ? "color" : tag.equals("a") ? "href" : null;
        Matcher attribute = ATTRIBUTE.matcher(attributes);
        while (wanted != null && attribute.find()) {
            if (!attribute.group(1).equalsIgnoreCase(wanted)) {
                continue;
            }
            String value = unescape(firstNonNull(attribute.group(2), attribute.group(3), attribute.group(4), ""))
                    .trim();
            boolean allowed = wanted.equals("color") ? COLOR.matcher(value).matches() : ChatMarkup.isLinkable(value);
            return allowed ? " " + wanted + "=\"" + ChatMarkup.escape(value) + "\"" : "";
        }
        return "";
    }

    private static String unescape(String value) {
        return value.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
