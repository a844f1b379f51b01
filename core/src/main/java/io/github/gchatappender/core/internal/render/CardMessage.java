package io.github.gchatappender.core.internal.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gchatappender.core.internal.event.AlertBatch;

/**
 * Writes a view as a Google Chat card ({@code cardsV2}):
 * <ul>
 *   <li>header: level, exception simple name, application, environment; subtitle: the logger
 *       (plain text, neutralised as in Chat text, whether or not Chat reads HTML in headers);</li>
 *   <li>a section with the message, its count and the other messages of the batch;</li>
 *   <li>a "Details" section: host, thread, time, the chosen MDC keys;</li>
 *   <li>a collapsible "Stack trace" section, its first line visible;</li>
 *   <li>an "Open logs" button when {@code linkTemplate} is set.</li>
 * </ul>
 * {@code fallbackText} carries a one-line summary for notifications, and {@code text} the mentions,
 * which cards cannot hold. Only fields of Google's Message and Card schemas are written. Log data is
 * HTML-escaped by {@link ChatText#html(String)}; the caller shrinks {@code traceChars} and
 * {@code messageChars} until the body fits Google's limits.
 */
final class CardMessage {

    static final int MAX_FALLBACK_CHARS = 300;
    static final int MAX_HEADER_CHARS = 200;
    private static final String BREAK = "<br>";

    private CardMessage() {}

    static ObjectNode body(ObjectMapper json, AlertView view, int messageChars, int traceChars) {
        ObjectNode body = json.createObjectNode();
        if (!view.mentions.isEmpty()) {
            StringBuilder mentions = new StringBuilder();
            for (String mention : view.mentions) {
                mentions.append(mentions.length() == 0 ? "" : " ")
                        .append('<')
                        .append(mention)
                        .append('>');
            }
            body.put("text", mentions.toString());
        }
        body.put("fallbackText", fallback(view, followUpState(view)));
        ObjectNode card =
                body.putArray("cardsV2").addObject().put("cardId", "alert").putObject("card");
        ObjectNode header = card.putObject("header");
        header.put("title", title(view, followUpState(view)));
        header.put("subtitle", TextMessage.inline(view.event.loggerName(), MAX_HEADER_CHARS));
        ArrayNode sections = card.putArray("sections");

        addParagraph(sections.addObject().putArray("widgets"), summary(view, messageChars));

        if (!view.followUp) {
            ObjectNode details = sections.addObject().put("header", "Details");
            ArrayNode widgets = details.putArray("widgets");
            for (AlertView.Detail detail : view.details) {
                widgets.addObject()
                        .putObject("decoratedText")
                        .put(
                                "topLabel",
                                ChatText.htmlInline(TextMessage.cut(detail.label, TextMessage.MAX_FIELD_CHARS)))
                        .put("text", ChatText.htmlInline(TextMessage.cut(detail.value, TextMessage.MAX_FIELD_CHARS)))
                        .put("wrapText", true);
            }
        }
        if (view.thrown != null && traceChars > 0) {
            // Every break as \n first, so that the visible first line is one line whatever the data holds.
            String trace = ChatText.lines(StackTraceText.render(view.thrown, traceChars, view.appPackages));
            int firstLineEnd = trace.indexOf('\n');
            String firstLine = firstLineEnd < 0 ? trace : trace.substring(0, firstLineEnd);
            String rest =
                    firstLineEnd < 0 ? "" : trace.substring(firstLineEnd + 1).stripTrailing();
            ObjectNode section = sections.addObject().put("header", "Stack trace");
            ArrayNode widgets = section.putArray("widgets");
            addParagraph(widgets, "<b>" + ChatText.html(firstLine) + "</b>");
            if (!rest.isBlank()) {
                addParagraph(widgets, multiline(rest));
                section.put("collapsible", true).put("uncollapsibleWidgetsCount", 1);
            }
        }
        if (view.link != null) {
            sections.addObject()
                    .putArray("widgets")
                    .addObject()
                    .putObject("buttonList")
                    .putArray("buttons")
                    .addObject()
                    .put("text", "Open logs")
                    .putObject("onClick")
                    .putObject("openLink")
                    .put("url", view.link);
        }
        return body;
    }

    /** The last resort for a card too large: header, the message's head, and a note saying so. */
    static ObjectNode minimal(ObjectMapper json, AlertView view, int messageChars) {
        ObjectNode body = json.createObjectNode();
        body.put("fallbackText", fallback(view, followUpState(view)));
        ObjectNode card =
                body.putArray("cardsV2").addObject().put("cardId", "alert").putObject("card");
        card.putObject("header")
                .put("title", title(view, followUpState(view)))
                .put("subtitle", TextMessage.inline(view.event.loggerName(), MAX_HEADER_CHARS));
        String message = view.event.message().isEmpty() ? "(no message)" : view.event.message();
        addParagraph(
                card.putArray("sections").addObject().putArray("widgets"),
                "<b>" + multiline(TextMessage.cut(message, messageChars)) + "</b>" + BREAK
                        + "(details, trace and link left out: they did not fit Google Chat's 32 KB card limit)");
        return body;
    }

    private static String followUpState(AlertView view) {
        return view.state;
    }

    /** {@code ERROR · IllegalStateException · checkout · prod}, then {@code · state} if not null. */
    static String title(AlertView view, String state) {
        StringBuilder title = new StringBuilder(view.level());
        if (view.exceptionName() != null) {
            title.append(" · ").append(view.exceptionName());
        }
        if (!TextMessage.isBlank(view.applicationName)) {
            title.append(" · ").append(view.applicationName);
        }
        if (!TextMessage.isBlank(view.environment)) {
            title.append(" · ").append(view.environment);
        }
        if (state != null) {
            title.append(" · ").append(state);
        }
        // Plain text, neutralised as in Chat text: safe whether or not Chat reads HTML in a header.
        return TextMessage.inline(title.toString(), MAX_HEADER_CHARS);
    }

    private static String summary(AlertView view, int messageChars) {
        AlertBatch batch = view.batch;
        StringBuilder text = new StringBuilder(512);
        if (view.followUp) {
            text.append(view.moreOccurrences());
        } else {
            String message = view.event.message().isEmpty() ? "(no message)" : view.event.message();
            text.append("<b>")
                    .append(multiline(TextMessage.cut(message, messageChars)))
                    .append("</b>");
            AlertBatch.Entry first = batch.entries().get(0);
            if (first.count() > 1) {
                text.append(BREAK).append(view.occurrences(first.count(), first.firstMillis(), first.lastMillis()));
            }
        }
        for (AlertBatch.Entry entry : view.listed) {
            text.append(BREAK)
                    .append(view.followUp ? "• new: " : "• ")
                    .append(ChatText.htmlInline(TextMessage.cut(entry.message(), TextMessage.MAX_LISTED_CHARS)));
            if (entry.count() > 1) {
                text.append(' ').append(view.occurrences(entry.count(), entry.firstMillis(), entry.lastMillis()));
            }
        }
        if (view.unlisted > 0) {
            text.append(BREAK)
                    .append("• and ")
                    .append(view.unlisted)
                    .append(view.followUp ? " more like those already in this thread" : " more with other messages");
        }
        return text.toString();
    }

    /** A one-line summary for notifications, {@code , state} after the place if {@code state} is not null. */
    static String fallback(AlertView view, String state) {
        StringBuilder where = new StringBuilder();
        for (String part : new String[] {view.applicationName, view.environment}) {
            if (!TextMessage.isBlank(part)) {
                where.append(where.length() == 0 ? " (" : ", ").append(part);
            }
        }
        if (where.length() > 0) {
            where.append(')');
        }
        String summary = view.level() + (view.exceptionName() == null ? "" : " " + view.exceptionName()) + " in "
                + view.loggerSimpleName() + where + (state == null ? "" : ", " + state) + ": " + view.event.message();
        return ChatText.inline(TextMessage.cut(summary, MAX_FALLBACK_CHARS));
    }

    private static String multiline(String data) {
        return ChatText.html(data).replace("\t", "    ").replace("\n", BREAK);
    }

    private static void addParagraph(ArrayNode widgets, String html) {
        widgets.addObject().putObject("textParagraph").put("text", html);
    }
}
