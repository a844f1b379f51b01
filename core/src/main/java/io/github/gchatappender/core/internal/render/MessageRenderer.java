package io.github.gchatappender.core.internal.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gchatappender.core.AlertFormat;
import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch into the JSON body of one Google Chat message, as text ({@link TextMessage}) or as
 * a card ({@link CardMessage}), in the batch's Chat thread ({@code "thread": {"threadKey": ...}}).
 *
 * <p>The first message of a group since the appender started carries full detail and the
 * mentions; later ones in the same thread are compact (see {@link GroupHistory}), once
 * {@link #delivered(AlertBatch)} says the first one arrived. A thread gone quiet gets a last, short
 * note ({@link #renderResolved}); {@link #forget} then makes the group's next message a full one.
 *
 * <p>Whatever the input, {@code text} has at most {@value GoogleChatLimits#MAX_TEXT_CHARS} characters,
 * and the body, card included, at most {@value GoogleChatLimits#MAX_MESSAGE_BYTES} bytes: fields are
 * capped, the stack trace gets what is left, and a card too large is written again with less trace,
 * then less message, and at last as a minimal card (header, the message's head, a note saying the
 * rest did not fit). Called on the dispatcher thread only.
 */
public final class MessageRenderer {

    private static final int FIRST_TRACE_CHARS = 6000;
    private static final int MIN_MESSAGE_CHARS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RenderOptions options;
    private final GroupHistory history = new GroupHistory();

    public MessageRenderer(RenderOptions options) {
        this.options = options;
    }

    /** The message's JSON body, UTF-8, within Google's limits. */
    public byte[] render(AlertBatch batch) {
        AlertView view = view(batch);
        try {
            return options.format == AlertFormat.CARD ? card(view, batch.threadKey()) : text(view, batch.threadKey());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message body", e);
        }
    }

    /**
     * The body of a digest for {@code batches}, in priority order, posted to {@code threadKey}: Chat
     * text in either format, at most {@value GoogleChatLimits#MAX_TEXT_CHARS} characters.
     */
    public byte[] renderDigest(List<AlertBatch> batches, String threadKey) {
        List<Boolean> isNew = new ArrayList<>(batches.size());
        for (AlertBatch batch : batches) {
            isNew.add(!hasThread(batch.threadKey()));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("text", DigestMessage.text(batches, isNew, options));
        body.putObject("thread").put("threadKey", threadKey);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a digest body", e);
        }
    }

    /**
     * The body of the last message of a thread gone quiet ({@link ResolvedMessage}), posted to
     * {@code note.threadKey()}: Chat text or a card, per the format, without mentions, within
     * Google's limits whatever the log data. Leaves the thread's history as it is (see
     * {@link #forget}).
     */
    public byte[] renderResolved(ResolvedNote note) {
        AlertView view = ResolvedMessage.view(note, options);
        ObjectNode body;
        if (options.format == AlertFormat.CARD) {
            body = ResolvedMessage.card(JSON, note, view);
        } else {
            body = JSON.createObjectNode().put("text", ResolvedMessage.text(note, view));
        }
        try {
            byte[] bytes = fitting(body, note.threadKey());
            if (bytes == null) {
                // Unreachable: every field of the note is capped to a few hundred characters.
                throw new IllegalStateException("a resolved note exceeds Google's limits");
            }
            return bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a resolved note", e);
        }
    }

    /**
     * Forgets that the thread has a message: the next message of the group is a full one, with the
     * mentions, as after a restart. For a thread whose resolved note went out.
     */
    public void forget(String threadKey) {
        history.forget(threadKey);
    }

    /**
     * Another replica of the fleet posted the thread's first message (the fleet store says so): this
     * appender's messages to it are follow-ups, without stack trace or mentions, and name this host.
     */
    public void joined(String threadKey) {
        history.joined(threadKey);
    }

    /** True if the group's thread already has a delivered message from this appender. */
    public boolean hasThread(String threadKey) {
        return history.shownIn(threadKey) != null;
    }

    /** Records that the batch's message arrived: its thread now has its full message. */
    public void delivered(AlertBatch batch) {
        history.delivered(batch);
    }

    /** The text a TEXT message for {@code batch} would carry now. */
    String text(AlertBatch batch) {
        return TextMessage.text(view(batch));
    }

    private AlertView view(AlertBatch batch) {
        return new AlertView(batch, history.shownIn(batch.threadKey()), history.isJoined(batch.threadKey()), options);
    }

    private static byte[] text(AlertView view, String threadKey) throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", TextMessage.text(view));
        body.putObject("thread").put("threadKey", threadKey);
        byte[] bytes = JSON.writeValueAsBytes(body);
        if (bytes.length <= GoogleChatLimits.MAX_MESSAGE_BYTES) {
            return bytes;
        }
        // Unreachable with neutralised text (4096 chars encode to at most ~25 KB); kept as a hard stop.
        body.put("text", SafeCut.head(body.get("text").asText(), GoogleChatLimits.MAX_TEXT_CHARS / 4));
        return JSON.writeValueAsBytes(body);
    }

    private static byte[] card(AlertView view, String threadKey) throws JsonProcessingException {
        int messageChars = TextMessage.MAX_MESSAGE_CHARS;
        int traceChars = FIRST_TRACE_CHARS;
        while (true) {
            ObjectNode body = CardMessage.body(JSON, view, messageChars, traceChars);
            byte[] bytes = fitting(body, threadKey);
            if (bytes != null) {
                return bytes;
            }
            if (traceChars > 0) {
                traceChars = traceChars > 500 ? traceChars / 2 : 0;
            } else if (messageChars > MIN_MESSAGE_CHARS) {
                messageChars = Math.max(MIN_MESSAGE_CHARS, messageChars / 2);
            } else {
                break;
            }
        }
        // Still too large (dozens of long MDC values, say): header, message head and a note, which always fit.
        byte[] minimal = fitting(CardMessage.minimal(JSON, view, MIN_MESSAGE_CHARS), threadKey);
        if (minimal == null) {
            throw new IllegalStateException("a minimal card exceeds Google's limits");
        }
        return minimal;
    }

    /**
     * The body's bytes with its thread, or null if the body, its card or its text exceeds Google's
     * limits.
     */
    private static byte[] fitting(ObjectNode body, String threadKey) throws JsonProcessingException {
        body.putObject("thread").put("threadKey", threadKey);
        byte[] bytes = JSON.writeValueAsBytes(body);
        int cardBytes = body.has("cardsV2") ? JSON.writeValueAsBytes(body.get("cardsV2")).length : 0;
        int textChars = body.path("text").asText("").length();
        return bytes.length <= GoogleChatLimits.MAX_MESSAGE_BYTES
                        && cardBytes <= GoogleChatLimits.MAX_MESSAGE_BYTES
                        && textChars <= GoogleChatLimits.MAX_TEXT_CHARS
                ? bytes
                : null;
    }
}
