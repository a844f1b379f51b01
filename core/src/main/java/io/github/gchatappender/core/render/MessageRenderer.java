package io.github.gchatappender.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.gchatappender.core.event.AlertBatch;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.SafeCut;
import io.github.gchatappender.core.event.ThrowableSnapshot;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Turns a batch into the JSON body of one Google Chat message:
 * {@code {"text": "...", "thread": {"threadKey": "..."}}}.
 *
 * <p>The text reads, for example:
 * <pre>
 * *ERROR* IllegalStateException in OrderService · checkout · prod
 * Order 42 could not be reserved
 * ×3 in 4 s (first 10:02:11Z, last 10:02:15Z)
 * ```
 * java.lang.IllegalStateException: inventory locked
 * 	at com.acme.OrderService.reserve(OrderService.java:42)
 * ```
 * logger com.acme.OrderService · thread http-1 · host web-1 · 2026-11-29T10:02:11.123Z
 * </pre>
 *
 * <p>Whatever the input, {@code text} has at most {@value #MAX_TEXT_CHARS} characters and the body
 * at most {@value #MAX_BODY_BYTES} bytes: each field is capped, and the stack trace gets what is
 * left. All log data passes through {@link ChatText} first. Called on the dispatcher thread only.
 */
public final class MessageRenderer {

    /** Google Chat rejects longer text with 400 INVALID_ARGUMENT. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Google Chat's limit for a whole message. */
    public static final int MAX_BODY_BYTES = 32_000;

    static final int MAX_MESSAGE_CHARS = 1000;
    static final int MAX_OTHER_MESSAGE_CHARS = 150;
    static final int MAX_FIELD_CHARS = 100;
    static final int MAX_LOGGER_CHARS = 200;
    /** Below this, a stack trace says too little to be worth its fences. */
    static final int MIN_STACK_CHARS = 80;
    private static final String FENCE = "```";
    private static final String SEPARATOR = " · ";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String applicationName;
    private final String environment;
    private final Supplier<String> hostName;

    public MessageRenderer(String applicationName, String environment, String hostName) {
        this(applicationName, environment, () -> hostName);
    }

    /** @param hostName read at each render: it may still be empty while the name is being looked up */
    public MessageRenderer(String applicationName, String environment, Supplier<String> hostName) {
        this.applicationName = applicationName;
        this.environment = environment;
        this.hostName = hostName;
    }

    /** The message's JSON body, UTF-8, at most {@value #MAX_BODY_BYTES} bytes. */
    public byte[] render(AlertBatch batch) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text(batch));
        body.putObject("thread").put("threadKey", batch.threadKey());
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            if (bytes.length <= MAX_BODY_BYTES) {
                return bytes;
            }
            // Unreachable with neutralised text (4096 chars encode to at most ~25 KB); kept as a hard stop.
            body.put("text", SafeCut.head(body.get("text").asText(), MAX_TEXT_CHARS / 4));
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message body", e);
        }
    }

    /** The message text in Chat syntax, at most {@value #MAX_TEXT_CHARS} characters. */
    String text(AlertBatch batch) {
        AlertEvent event = batch.first();
        ThrowableSnapshot thrown = event.throwable();

        StringBuilder head = new StringBuilder(512);
        head.append('*').append(ChatText.inline(SafeCut.head(event.level(), 10))).append('*');
        if (thrown != null) {
            head.append(' ').append(inline(thrown.simpleClassName(), MAX_FIELD_CHARS));
        }
        head.append(" in ").append(inline(simpleName(event.loggerName()), MAX_FIELD_CHARS));
        if (!isBlank(applicationName)) {
            head.append(SEPARATOR).append(inline(applicationName, MAX_FIELD_CHARS));
        }
        if (!isBlank(environment)) {
            head.append(SEPARATOR).append(inline(environment, MAX_FIELD_CHARS));
        }
        head.append('\n');
        if (!event.message().isEmpty()) {
            head.append(ChatText.plain(cut(event.message(), MAX_MESSAGE_CHARS))).append('\n');
        }
        if (batch.count() > 1) {
            head.append(repeats(batch)).append('\n');
        }
        for (String other : batch.otherMessages()) {
            head.append("• ").append(inline(other, MAX_OTHER_MESSAGE_CHARS)).append('\n');
        }
        if (batch.unlistedEvents() > 0) {
            head.append("• and ").append(batch.unlistedEvents()).append(" more with other messages\n");
        }

        StringBuilder foot = new StringBuilder(256)
                .append("logger ").append(inline(event.loggerName(), MAX_LOGGER_CHARS))
                .append(SEPARATOR).append("thread ").append(inline(event.threadName(), MAX_FIELD_CHARS));
        String host = hostName.get();
        if (!isBlank(host)) {
            foot.append(SEPARATOR).append("host ").append(inline(host, MAX_FIELD_CHARS));
        }
        foot.append(SEPARATOR).append(Instant.ofEpochMilli(event.timestampMillis()));

        StringBuilder text = head;
        int stackBudget = MAX_TEXT_CHARS - head.length() - foot.length() - (2 * FENCE.length() + 2);
        if (thrown != null && stackBudget >= MIN_STACK_CHARS) {
            String trace = ChatText.plain(StackTraceText.render(thrown, stackBudget));
            text.append(FENCE).append('\n').append(trace).append(FENCE).append('\n');
        }
        text.append(foot);
        return SafeCut.head(text.toString(), MAX_TEXT_CHARS);
    }

    private static String repeats(AlertBatch batch) {
        long spanSeconds = Math.max(0, (batch.lastMillis() - batch.firstMillis()) / 1000);
        return "×" + batch.count() + " in " + span(spanSeconds)
                + " (first " + CLOCK.format(Instant.ofEpochMilli(batch.firstMillis()))
                + ", last " + CLOCK.format(Instant.ofEpochMilli(batch.lastMillis())) + ')';
    }

    private static String span(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }

    private static String inline(String data, int maxChars) {
        return ChatText.inline(cut(data, maxChars));
    }

    private static String cut(String data, int maxChars) {
        return data.length() <= maxChars ? data : SafeCut.head(data, maxChars - 1) + "…";
    }

    private static String simpleName(String loggerName) {
        int dot = loggerName.lastIndexOf('.');
        return dot < 0 || dot == loggerName.length() - 1 ? loggerName : loggerName.substring(dot + 1);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
