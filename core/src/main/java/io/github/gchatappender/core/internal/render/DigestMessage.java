package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One message for many kinds of error, sent when more of them wait than Google's quota lets
 * through soon (and at shutdown, for what the deadline leaves): a line per kind with its count, in
 * the order given (new kinds first, then by count), as many as fit in
 * {@value GoogleChatLimits#MAX_TEXT_CHARS} characters, and a last line for the rest. Always Chat
 * text, in the digest's own thread, in either format.
 * <pre>
 * *Digest* · checkout · prod: 95 kinds of error, 12345 events (10:02:11Z to 10:02:16Z), more than 1 message per second allows
 * • 1204 × IllegalStateException in OrderService: Order 42 failed (new)
 * • 310 × TimeoutException in PaymentClient: Payment 7 timed out
 * • and 40 more kinds, 1000 events
 * </pre>
 */
final class DigestMessage {

    private static final int MAX_LINE_CHARS = 200;

    private DigestMessage() {}

    static String text(List<AlertBatch> batches, List<Boolean> isNew, RenderOptions options) {
        long events = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (AlertBatch batch : batches) {
            events += batch.count();
            first = Math.min(first, batch.firstMillis());
            last = Math.max(last, batch.lastMillis());
        }
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ssXXX").withZone(options.timeZone);
        StringBuilder text = new StringBuilder("*Digest*");
        for (String part : new String[] {options.applicationName, options.environment}) {
            if (!TextMessage.isBlank(part)) {
                text.append(" · ").append(TextMessage.inline(part, TextMessage.MAX_FIELD_CHARS));
            }
        }
        text.append(": ")
                .append(batches.size())
                .append(batches.size() == 1 ? " kind" : " kinds")
                .append(" of error, ")
                .append(events)
                .append(events == 1 ? " event (" : " events (")
                .append(clock.format(Instant.ofEpochMilli(first)))
                .append(" to ")
                .append(clock.format(Instant.ofEpochMilli(last)))
                .append("), more than Google Chat's 1 message per second lets through one by one\n");
        String tail = "";
        for (int i = 0; i < batches.size(); i++) {
            AlertBatch batch = batches.get(i);
            // Inline, the whole line: a line break in the data must not start a line that reads as a kind.
            String line = "• " + TextMessage.inline(batch.count() + " × " + describe(batch), MAX_LINE_CHARS)
                    + (isNew.get(i) ? " (new)" : "") + '\n';
            tail = "• and " + (batches.size() - i) + " more kinds, " + remaining(batches, i) + " events\n";
            if (text.length() + line.length() + tail.length() > GoogleChatLimits.MAX_TEXT_CHARS) {
                text.append(tail);
                return SafeCut.head(text.toString().stripTrailing(), GoogleChatLimits.MAX_TEXT_CHARS);
            }
            text.append(line);
        }
        return SafeCut.head(text.toString().stripTrailing(), GoogleChatLimits.MAX_TEXT_CHARS);
    }

    private static String describe(AlertBatch batch) {
        String exception = batch.first().throwable() == null
                ? ""
                : batch.first().throwable().simpleClassName() + " ";
        String logger = batch.first().loggerName();
        int dot = logger.lastIndexOf('.');
        String where = dot < 0 || dot == logger.length() - 1 ? logger : logger.substring(dot + 1);
        return exception + "in " + where + ": " + batch.first().message();
    }

    private static long remaining(List<AlertBatch> batches, int from) {
        long events = 0;
        for (int i = from; i < batches.size(); i++) {
            events += batches.get(i).count();
        }
        return events;
    }
}
