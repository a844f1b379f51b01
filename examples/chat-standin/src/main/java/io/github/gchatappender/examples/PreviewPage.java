package io.github.gchatappender.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page {@link LocalChatServer} serves at {@code /}: the space as Chat would show it. A header
 * counts messages, threads and rejected requests; each thread is a block titled by its key, its
 * messages in the order received, text rendered by {@link ChatMarkup} and cards by {@link CardHtml};
 * the last rejections close the page. Self-contained HTML (no script, no external resource),
 * reloaded every 2 seconds. Everything from a message is escaped except Chat's own constructs.
 */
final class PreviewPage {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** What the page shows, copied under the server's lock so that rendering needs none. */
    static final class Snapshot {
        final List<ReceivedMessage> messages;
        final int threads;
        final int tooManyRequests;
        final int invalidArguments;
        final int otherRejections;
        final List<String> recentRejections;

        Snapshot(
                List<ReceivedMessage> messages,
                int threads,
                int tooManyRequests,
                int invalidArguments,
                int otherRejections,
                List<String> recentRejections) {
            this.messages = messages;
            this.threads = threads;
            this.tooManyRequests = tooManyRequests;
            this.invalidArguments = invalidArguments;
            this.otherRejections = otherRejections;
            this.recentRejections = recentRejections;
        }
    }

    private static final String STYLE = String.join(
            "\n",
            "body{margin:0;background:#f1f3f4;color:#202124;font:14px/1.45 Roboto,Arial,sans-serif}",
            "header{position:sticky;top:0;background:#fff;border-bottom:1px solid #dadce0;padding:10px 24px}",
            "header h1{font-size:18px;font-weight:500;margin:0 0 4px}",
            ".counts span{margin-right:18px}.counts b{font-size:16px}.bad{color:#c5221f}",
            "main{max-width:860px;margin:16px auto;padding:0 16px}",
            ".thread{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(60,64,67,.3);margin:0 0 16px;padding:12px 16px}",
            ".thread h2{font-size:15px;font-weight:500;margin:0;word-break:break-all}",
            ".thread-name,.meta,.note,.fallback{color:#5f6368;font-size:12px}",
            ".message{border-top:1px solid #e8eaed;margin-top:10px;padding-top:8px}",
            ".reply{margin-left:24px}",
            ".text{white-space:normal;overflow-wrap:anywhere}",
            "pre{background:#f8f9fa;border:1px solid #dadce0;border-radius:4px;padding:8px;white-space:pre;overflow-x:auto;"
                    + "font:12px/1.4 'Roboto Mono',Consolas,monospace}",
            "code{background:#f1f3f4;border-radius:3px;padding:0 3px;font-family:'Roboto Mono',Consolas,monospace}",
            ".mention{color:#1a73e8;background:#e8f0fe;border-radius:3px;padding:0 2px}",
            ".card{border:1px solid #dadce0;border-radius:8px;margin:6px 0;max-width:600px;overflow-wrap:anywhere}",
            ".card-header{padding:12px 16px;border-bottom:1px solid #e8eaed}",
            ".card-title{font-size:15px;font-weight:500}.card-subtitle{color:#5f6368;font-size:13px}",
            ".section{padding:8px 16px;border-bottom:1px solid #e8eaed}.section:last-child{border-bottom:0}",
            ".section-header{color:#1a73e8;font-weight:500;margin-bottom:4px}",
            ".widget{margin:4px 0}.label{color:#5f6368;font-size:12px}",
            ".collapsed{border-left:3px dashed #dadce0;padding-left:8px}",
            ".button{display:inline-block;color:#1a73e8;border:1px solid #dadce0;border-radius:4px;padding:4px 12px;"
                    + "text-decoration:none;margin:2px 4px 2px 0}",
            "hr{border:0;border-top:1px solid #e8eaed}",
            ".rejections li{font-family:'Roboto Mono',Consolas,monospace;font-size:12px;overflow-wrap:anywhere}");

    private PreviewPage() {}

    static String render(Snapshot snapshot) {
        StringBuilder html = new StringBuilder(4096 + snapshot.messages.size() * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"2\">")
                .append("<title>Google Chat stand-in</title><style>\n")
                .append(STYLE)
                .append("\n</style></head><body>\n")
                .append("<header><h1>Google Chat stand-in</h1><div class=\"counts\">")
                .append(count(snapshot.messages.size(), "messages", false))
                .append(count(snapshot.threads, "threads", false))
                .append(count(snapshot.tooManyRequests, "429s", snapshot.tooManyRequests > 0))
                .append(count(snapshot.invalidArguments, "400s", snapshot.invalidArguments > 0))
                .append(count(snapshot.otherRejections, "other rejections", snapshot.otherRejections > 0))
                .append("</div></header>\n<main>\n");
        if (snapshot.messages.isEmpty()) {
            html.append("<p class=\"note\">No messages yet. This page reloads every 2 seconds.</p>\n");
        }
        for (List<ReceivedMessage> thread : byThread(snapshot.messages).values()) {
            thread(thread, html);
        }
        if (!snapshot.recentRejections.isEmpty()) {
            html.append("<section class=\"thread\"><h2>Last rejected requests</h2><ul class=\"rejections\">\n");
            for (String rejection : snapshot.recentRejections) {
                html.append("<li>").append(ChatMarkup.escape(rejection)).append("</li>\n");
            }
            html.append("</ul></section>\n");
        }
        return html.append("</main></body></html>\n").toString();
    }

    private static String count(int value, String what, boolean bad) {
        return "<span" + (bad ? " class=\"bad\"" : "") + "><b>" + value + "</b> " + what + "</span>";
    }

    /** Messages by thread, threads in the order they started. */
    private static Map<String, List<ReceivedMessage>> byThread(List<ReceivedMessage> messages) {
        Map<String, List<ReceivedMessage>> threads = new LinkedHashMap<>();
        for (ReceivedMessage message : messages) {
            threads.computeIfAbsent(message.threadName, name -> new ArrayList<>())
                    .add(message);
        }
        return threads;
    }

    private static void thread(List<ReceivedMessage> messages, StringBuilder html) {
        ReceivedMessage first = messages.get(0);
        html.append("<section class=\"thread\"><h2>")
                .append(ChatMarkup.escape(first.threadKey != null ? first.threadKey : "(thread without a key)"))
                .append("</h2><div class=\"thread-name\">")
                .append(ChatMarkup.escape(first.threadName))
                .append(" · ")
                .append(messages.size())
                .append(messages.size() == 1 ? " message" : " messages")
                .append("</div>\n");
        for (ReceivedMessage message : messages) {
            message(message, html);
        }
        html.append("</section>\n");
    }

    private static void message(ReceivedMessage message, StringBuilder html) {
        JsonNode body = message.body;
        html.append("<div class=\"message")
                .append(message.position > 1 ? " reply" : "")
                .append("\">")
                .append("<div class=\"meta\">")
                .append(TIME.format(message.received))
                .append(" · ")
                .append(
                        message.position == 1
                                ? "started the thread"
                                : "reply, message " + message.position + " of the thread")
                .append(" · ")
                .append(ChatMarkup.escape(message.name))
                .append("</div>\n");
        if (body.path("text").isTextual() && !body.get("text").asText().isEmpty()) {
            html.append("<div class=\"text\">")
                    .append(ChatMarkup.toHtml(body.get("text").asText()))
                    .append("</div>\n");
        }
        if (body.path("cardsV2").isArray()) {
            html.append(CardHtml.render(body.get("cardsV2")));
        }
        if (body.hasNonNull("fallbackText")) {
            html.append("<div class=\"fallback\">notification text: ")
                    .append(ChatMarkup.escape(body.get("fallbackText").asText()))
                    .append("</div>\n");
        }
        html.append("</div>\n");
    }
}
