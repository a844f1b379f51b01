package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.internal.GoogleChatLimits;
import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.event.SafeCut;

/**
 * Writes a view in Chat text syntax, at most {@value GoogleChatLimits#MAX_TEXT_CHARS} characters:
 * <pre>
 * *ERROR* IllegalStateException in OrderService · checkout · prod
 * Order 42 could not be reserved
 * ×3 in 4 s (first 10:02:11Z, last 10:02:15Z)
 * • Payment 7 timed out ×2 in 1 s (first 10:02:12Z, last 10:02:13Z)
 * ```
 * java.lang.IllegalStateException: inventory locked
 * 	at com.acme.OrderService.reserve(OrderService.java:42)
 * ```
 * logger com.acme.OrderService · host web-1 · thread http-1 · time 2026-11-29T10:02:11.123Z
 * ‹https://grafana.example.com/...|Open logs›   (a real link, from linkTemplate)
 * </pre>
 * A follow-up in the same thread has the first line (with {@code · again}), the count over the
 * batch, and only messages not shown in the thread before. Each field is capped; the stack trace
 * gets what is left. Log data passes through {@link ChatText}; only mentions and the link, both from
 * configuration, are written as markup.
 */
final class TextMessage {

    static final int MAX_MESSAGE_CHARS = 1000;
    static final int MAX_LISTED_CHARS = 150;
    static final int MAX_FIELD_CHARS = 100;
    static final int MAX_LOGGER_CHARS = 200;
    /** Below this, a stack trace says too little to be worth its fences. */
    static final int MIN_STACK_CHARS = 80;

    private static final String FENCE = "```";
    private static final String SEPARATOR = " · ";

    private TextMessage() {}

    static String text(AlertView view) {
        StringBuilder head = new StringBuilder(512);
        for (String mention : view.mentions) {
            head.append('<').append(mention).append("> ");
        }
        head.append(headline(view, view.state)).append('\n');
        AlertBatch batch = view.batch;
        if (view.followUp) {
            head.append(view.moreOccurrences()).append('\n');
        } else {
            if (!view.event.message().isEmpty()) {
                head.append(ChatText.plain(cut(view.event.message(), MAX_MESSAGE_CHARS)))
                        .append('\n');
            }
            AlertBatch.Entry first = batch.entries().get(0);
            if (first.count() > 1) {
                head.append(view.occurrences(first.count(), first.firstMillis(), first.lastMillis()))
                        .append('\n');
            }
        }
        for (AlertBatch.Entry entry : view.listed) {
            head.append(view.followUp ? "• new: " : "• ").append(inline(entry.message(), MAX_LISTED_CHARS));
            if (entry.count() > 1) {
                head.append(' ').append(view.occurrences(entry.count(), entry.firstMillis(), entry.lastMillis()));
            }
            head.append('\n');
        }
        if (view.unlisted > 0) {
            head.append(
                    view.followUp
                            ? "• and " + view.unlisted + " more like those already in this thread\n"
                            : "• and " + view.unlisted + " more with other messages\n");
        }

        StringBuilder foot = new StringBuilder(256);
        if (!view.followUp) {
            foot.append("logger ").append(inline(view.event.loggerName(), MAX_LOGGER_CHARS));
            for (AlertView.Detail detail : view.details) {
                foot.append(SEPARATOR)
                        .append(inline(detail.label, MAX_FIELD_CHARS))
                        .append(' ')
                        .append(inline(detail.value, MAX_FIELD_CHARS));
            }
            foot.append('\n');
        }
        if (view.link != null) {
            // The template is configuration; every value in it is URL-encoded, so data cannot end the link.
            foot.append('<').append(view.link).append("|Open logs>\n");
        }

        int stackBudget = GoogleChatLimits.MAX_TEXT_CHARS - head.length() - foot.length() - (2 * FENCE.length() + 2);
        if (view.thrown != null && stackBudget >= MIN_STACK_CHARS) {
            String trace = ChatText.plain(StackTraceText.render(view.thrown, stackBudget, view.appPackages));
            head.append(FENCE).append('\n').append(trace).append(FENCE).append('\n');
        }
        head.append(foot);
        if (head.length() > 0 && head.charAt(head.length() - 1) == '\n') {
            head.setLength(head.length() - 1);
        }
        return SafeCut.head(head.toString(), GoogleChatLimits.MAX_TEXT_CHARS);
    }

    /**
     * {@code *ERROR* IllegalStateException in OrderService · checkout · prod}, then {@code · state}
     * if {@code state} (the appender's own word: {@code again}, {@code resolved}) is not null.
     */
    static String headline(AlertView view, String state) {
        StringBuilder line = new StringBuilder(200)
                .append('*')
                .append(ChatText.inline(SafeCut.head(view.level(), 10)))
                .append('*');
        if (view.exceptionName() != null) {
            line.append(' ').append(inline(view.exceptionName(), MAX_FIELD_CHARS));
        }
        line.append(" in ").append(inline(view.loggerSimpleName(), MAX_FIELD_CHARS));
        if (!isBlank(view.applicationName)) {
            line.append(SEPARATOR).append(inline(view.applicationName, MAX_FIELD_CHARS));
        }
        if (!isBlank(view.environment)) {
            line.append(SEPARATOR).append(inline(view.environment, MAX_FIELD_CHARS));
        }
        if (state != null) {
            line.append(SEPARATOR).append(state);
        }
        return line.toString();
    }

    static String inline(String data, int maxChars) {
        return ChatText.inline(cut(data, maxChars));
    }

    static String cut(String data, int maxChars) {
        return data.length() <= maxChars ? data : SafeCut.head(data, maxChars - 1) + "…";
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
