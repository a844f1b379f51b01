package io.github.gchatappender.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for Google Chat's incoming webhook on loopback, to preview alerts without a real
 * space: it accepts {@code POST /v1/spaces/{space}/messages}, groups messages by
 * {@code thread.threadKey} as Chat does with {@code REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD}, answers
 * with a message and thread name, and prints each message to the console.
 */
public final class LocalChatServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrintStream console;
    private final Map<String, List<String>> threads = new LinkedHashMap<>();

    private LocalChatServer(HttpServer server, PrintStream console) {
        this.server = server;
        this.console = console;
    }

    /** Starts on a free loopback port. */
    public static LocalChatServer start(PrintStream console) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalChatServer chat = new LocalChatServer(server, console);
        server.createContext("/v1/spaces/", chat::handle);
        server.start();
        return chat;
    }

    /** A webhook URL for this server, shaped like Google's, with placeholder key and token. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/spaces/DEMO/messages?key=demo-key&token=demo-token";
    }

    /** Messages received so far, by thread key. */
    public synchronized Map<String, List<String>> threads() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        threads.forEach((key, messages) -> copy.put(key, List.copyOf(messages)));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":{\"code\":405,\"message\":\"POST only\",\"status\":\"INVALID_ARGUMENT\"}}");
                return;
            }
            JsonNode message = JSON.readTree(exchange.getRequestBody());
            String key = message.path("thread").path("threadKey").asText("(new thread)");
            String text = message.has("cardsV2") ? cardAsText(message) : message.path("text").asText("");
            int number;
            synchronized (this) {
                List<String> thread = threads.computeIfAbsent(key, k -> new ArrayList<>());
                thread.add(text);
                number = thread.size();
            }
            console.println("── thread " + key + (number == 1 ? " (new)" : " (reply " + number + ")"));
            text.lines().forEach(line -> console.println("   " + line));
            respond(exchange, 200, "{\"name\":\"spaces/DEMO/messages/" + System.nanoTime()
                    + "\",\"thread\":{\"name\":\"spaces/DEMO/threads/" + Integer.toHexString(key.hashCode()) + "\"}}");
        } finally {
            exchange.close();
        }
    }

    /** A card as a console can show it: the mentions, header, sections and buttons, HTML reduced to text. */
    static String cardAsText(JsonNode message) {
        StringBuilder out = new StringBuilder();
        if (message.hasNonNull("text")) {
            out.append(message.get("text").asText()).append('\n');
        }
        out.append("[notification: ").append(message.path("fallbackText").asText()).append("]\n");
        for (JsonNode cardV2 : message.path("cardsV2")) {
            JsonNode card = cardV2.path("card");
            out.append("┌ ").append(unhtml(card.path("header").path("title").asText())).append('\n')
                    .append("│ ").append(unhtml(card.path("header").path("subtitle").asText())).append('\n');
            for (JsonNode section : card.path("sections")) {
                if (section.has("header")) {
                    out.append("├─ ").append(section.get("header").asText())
                            .append(section.path("collapsible").asBoolean() ? " (collapsible)" : "").append('\n');
                }
                for (JsonNode widget : section.path("widgets")) {
                    if (widget.has("textParagraph")) {
                        unhtml(widget.get("textParagraph").path("text").asText()).lines()
                                .forEach(line -> out.append("│ ").append(line).append('\n'));
                    } else if (widget.has("decoratedText")) {
                        JsonNode d = widget.get("decoratedText");
                        out.append("│ ").append(unhtml(d.path("topLabel").asText())).append(": ")
                                .append(unhtml(d.path("text").asText())).append('\n');
                    } else if (widget.has("buttonList")) {
                        for (JsonNode button : widget.get("buttonList").path("buttons")) {
                            out.append("│ [").append(button.path("text").asText()).append(" → ")
                                    .append(button.path("onClick").path("openLink").path("url").asText()).append("]\n");
                        }
                    }
                }
            }
            out.append("└\n");
        }
        return out.toString();
    }

    private static String unhtml(String html) {
        return html.replace("<br>", "\n").replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
