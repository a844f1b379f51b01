package io.github.gchatappender.core.internal.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.util.Collections;

/**
 * Writes a {@link ResolvedNote}, the last message of a thread that has gone quiet, as Chat text:
 * <pre>
 * *ERROR* IllegalStateException in OrderService · checkout · prod · resolved
 * Order 42 could not be reserved
 * Resolved: no new event for 5 min
 * Last seen 10:07:15Z
 * 1234 events in all from 10:02:11Z to 10:07:15Z (5 min)
 * </pre>
 * or as a small card with the same header as the thread's first message. It never mentions anyone
 * (an error that stopped must not page) and has no stack trace or details: the thread's first
 * message has them. The only log data, the kind's level, exception, logger and message, passes
 * through {@link ChatText} and is capped (the message at {@value TextMessage#MAX_LISTED_CHARS}
 * characters, on one line), so whatever its size or content the note adds no markup and stays far
 * below Google's limits; times and counts are the appender's own.
 */
final class ResolvedMessage {

    static final String STATE = "resolved";

    private ResolvedMessage() {}

    /**
     * The note's view: that of a follow-up (nothing shown before), which carries no mentions and no
     * trace whatever the thread's history and the configured mentions.
     */
    static AlertView view(ResolvedNote note, RenderOptions options) {
        return new AlertView(note.firstBatch(), Collections.emptySet(), false, options);
    }

    static String text(ResolvedNote note, AlertView view) {
        StringBuilder text =
                new StringBuilder(512).append(TextMessage.headline(view, STATE)).append('\n');
        String message = view.event.message();
        if (!message.isEmpty()) {
            text.append(TextMessage.inline(message, TextMessage.MAX_LISTED_CHARS))
                    .append('\n');
        }
        text.append("Resolved: no new event for ")
                .append(quiet(note, view))
                .append('\n')
                .append("Last seen ")
                .append(view.clock(note.lastMillis()))
                .append('\n')
                .append(inAll(note, view));
        // A hard stop only: every part above is capped far below the limit.
        return SafeCut.head(text.toString(), GoogleChatLimits.MAX_TEXT_CHARS);
    }

    /** The body without its thread: {@code fallbackText} and one card; no {@code text}, so no mention. */
    static ObjectNode card(ObjectMapper json, ResolvedNote note, AlertView view) {
        ObjectNode body = json.createObjectNode();
        body.put("fallbackText", CardMessage.fallback(view, STATE));
        ObjectNode card =
                body.putArray("cardsV2").addObject().put("cardId", STATE).putObject("card");
        card.putObject("header")
                .put("title", CardMessage.title(view, STATE))
                .put("subtitle", TextMessage.inline(view.event.loggerName(), CardMessage.MAX_HEADER_CHARS));
        ArrayNode widgets = card.putArray("sections").addObject().putArray("widgets");
        String message = view.event.message();
        if (!message.isEmpty()) {
            widgets.addObject()
                    .putObject("textParagraph")
                    .put(
                            "text",
                            "<b>" + ChatText.htmlInline(TextMessage.cut(message, TextMessage.MAX_LISTED_CHARS))
                                    + "</b>");
        }
        fact(widgets, "Resolved", "No new event for " + quiet(note, view));
        fact(widgets, "Last seen", view.clock(note.lastMillis()));
        fact(widgets, "In all", inAll(note, view));
        return body;
    }

    /** {@code 5 min}. */
    private static String quiet(ResolvedNote note, AlertView view) {
        return view.duration(note.quietMillis());
    }

    /** {@code 1234 events in all from 10:02:11Z to 10:07:15Z (5 min)}: the exact count, never rounded. */
    private static String inAll(ResolvedNote note, AlertView view) {
        return note.events() + (note.events() == 1 ? " event" : " events") + " in all from "
                + view.clock(note.firstMillis()) + " to " + view.clock(note.lastMillis()) + " ("
                + view.duration(note.lastMillis() - note.firstMillis()) + ')';
    }

    /** A labelled fact; label and text are the appender's own words, times and numbers. */
    private static void fact(ArrayNode widgets, String label, String text) {
        widgets.addObject()
                .putObject("decoratedText")
                .put("topLabel", label)
                .put("text", text)
                .put("wrapText", true);
    }
}
