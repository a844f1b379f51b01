package io.github.gchatappender.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a Google Chat space's incoming webhook on loopback, to see alerts without a real
 * space. It plays the parts of the webhook protocol that decide whether and where a message lands:
 * <ul>
 *   <li>{@code POST /v1/spaces/{space}/messages?key=..&token=..} with a JSON Message answers 200 with
 *       the message as sent plus {@code name} and {@code thread.name}, as Google's webhook answer does;</li>
 *   <li>threads: {@code thread.threadKey} is honoured only with
 *       {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD} (reply, or start the keyed
 *       thread) or {@code REPLY_MESSAGE_OR_FAIL} (reply, or 404 NOT_FOUND when no such thread exists);
 *       without the option every message starts a new thread. Keys are scoped per webhook (space and token);</li>
 *   <li>the quota: one message per space per rate window ({@value #DEFAULT_RATE_WINDOW_MILLIS} ms by
 *       default, Google's 1 write per second); a POST inside the window of the space's last accepted
 *       message gets 429 RESOURCE_EXHAUSTED and is not posted;</li>
 *   <li>limits: a body over {@value #MAX_BODY_BYTES} bytes, {@code text} over {@value #MAX_TEXT_CHARS}
 *       characters, {@code thread.threadKey} over {@value #MAX_THREAD_KEY_CHARS}, malformed JSON, an unknown top-level field, an empty message and an unknown
 *       {@code messageReplyOption} get 400 INVALID_ARGUMENT; a missing {@code key} or {@code token}
 *       403 PERMISSION_DENIED; other paths 404 NOT_FOUND, other methods 405; all with Google's body
 *       {@code {"error":{"code","message","status"}}}.</li>
 * </ul>
 * Each accepted message is printed to the console as {@code ── thread <key> (new)} or
 * {@code (reply N)}, N being its position in the thread, then its text indented by 3 spaces; each
 * rejection as {@code ── <code> <STATUS>: <message>}, a 429 with how long after the last accepted
 * message it came. {@link #previewUrl()} shows the space as Chat would
 * ({@link PreviewPage}); {@code GET /api/messages} lists the messages as JSON.
 *
 * <p>Not modelled: authentication (any non-empty key and token are accepted), 401 and 5xx answers,
 * {@code Retry-After} (Google documents none), the 32 KB limit per card and the card schema, the
 * named-space restriction of {@code messageReplyOption}, the deprecated {@code threadKey} query
 * parameter, message edits and deletes. Everything stays in
 * memory until {@link #close()}; the quota bounds the growth to one message per second per space.
 *
 * <p>Thread-safe: requests run on a small pool of daemon threads and the state is guarded by this
 * object's lock. {@link #close()} stops at once; a request in flight may be cut off. Every thread of
 * the server is a daemon, the JDK server's dispatcher included, so a demo that returns from
 * {@code main} without {@link #close()} still exits, the server with it.
 */
public final class LocalChatServer implements AutoCloseable {

    // Google's limits, stated here on their own rather than taken from the core's GoogleChatLimits: the
    // stand-in is the tests' model of Google, so a wrong number in the core must disagree with it.
    /** Google's quota: 1 write per second per space. */
    public static final long DEFAULT_RATE_WINDOW_MILLIS = 1000;
    /** Google's limit on a whole message. */
    public static final int MAX_BODY_BYTES = 32_000;
    /** Google's limit on {@code text}, in characters. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Google's limit on {@code thread.threadKey}, in characters (message.proto). */
    public static final int MAX_THREAD_KEY_CHARS = 4000;

    static final String UNSPECIFIED = "MESSAGE_REPLY_OPTION_UNSPECIFIED";
    static final String FALLBACK_TO_NEW_THREAD = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    static final String REPLY_OR_FAIL = "REPLY_MESSAGE_OR_FAIL";
    private static final Pattern MESSAGES_PATH = Pattern.compile("/v1/spaces/([^/]+)/messages");
    /** Fields of Google's Message schema; Google's JSON front end rejects any other name with 400. */
    private static final Set<String> MESSAGE_FIELDS = Set.of(
            "name",
            "sender",
            "createTime",
            "lastUpdateTime",
            "deleteTime",
            "text",
            "formattedText",
            "cards",
            "cardsV2",
            "annotations",
            "thread",
            "space",
            "fallbackText",
            "actionResponse",
            "argumentText",
            "slashCommand",
            "attachment",
            "matchedUrl",
            "threadReply",
            "clientAssignedMessageId",
            "emojiReactionSummaries",
            "privateMessageViewer",
            "deletionMetadata",
            "quotedMessageMetadata",
            "attachedGifs",
            "accessoryWidgets");

    private static final int SHOWN_REJECTIONS = 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrintStream console;
    private final long rateWindowNanos;

    // Guarded by this.
    private final List<ReceivedMessage> messages = new ArrayList<>();
    /** Threads started with a key, by webhook and key; threads without a key are never looked up. */
    private final Map<String, String> keyedThreadNames = new HashMap<>();

    private final Map<String, Integer> threadSizes = new HashMap<>();
    private final Map<String, Long> lastAcceptedNanos = new HashMap<>();
    private final Map<Integer, Integer> rejectionsByCode = new HashMap<>();
    private final List<String> recentRejections = new ArrayList<>();

    private LocalChatServer(HttpServer server, ExecutorService executor, PrintStream console, Duration rateWindow) {
        this.server = server;
        this.executor = executor;
        this.console = console;
        this.rateWindowNanos = rateWindow.toNanos();
    }

    /** Starts on a free loopback port with Google's quota of one message per second per space. */
    public static LocalChatServer start(PrintStream console) throws IOException {
        return start(console, 0);
    }

    /** Starts on loopback {@code port} (0: a free one) with Google's quota of one message per second per space. */
    public static LocalChatServer start(PrintStream console, int port) throws IOException {
        return start(console, port, Duration.ofMillis(DEFAULT_RATE_WINDOW_MILLIS));
    }

    /**
     * Starts on loopback {@code port} (0: a free one), accepting one message per space per
     * {@code rateWindow}; tests shorten it to post several messages quickly.
     */
    public static LocalChatServer start(PrintStream console, int port, Duration rateWindow) throws IOException {
        if (rateWindow.isNegative()) {
            throw new IllegalArgumentException("rateWindow must not be negative: " + rateWindow);
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // Daemon threads, so that a demo that forgets close() still exits: the handlers' here, the dispatcher's below.
        ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "local-chat-server");
            thread.setDaemon(true);
            return thread;
        });
        LocalChatServer chat = new LocalChatServer(http, executor, console, rateWindow);
        http.createContext("/", chat::handle);
        http.setExecutor(executor);
        startAsDaemon(http);
        return chat;
    }

    /**
     * Starts {@code http} from a daemon thread. The JDK's server gives its dispatcher thread no daemon
     * status of its own: the thread takes that of the thread calling {@code start()}, so a server
     * started from {@code main} would keep the JVM alive after main returns.
     */
    private static void startAsDaemon(HttpServer http) {
        RuntimeException[] failure = new RuntimeException[1];
        Thread starter = new Thread(
                () -> {
                    try {
                        http.start();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                },
                "local-chat-server-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                // start() takes no time; finish it rather than leave a half-started server behind.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** A webhook URL for this server, shaped like Google's, with placeholder key and token. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + port() + "/v1/spaces/DEMO/messages?key=demo-key&token=demo-token";
    }

    /** The page that shows the space as Chat would, refreshed every 2 seconds. */
    public String previewUrl() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private int port() {
        return server.getAddress().getPort();
    }

    /**
     * Messages accepted so far as the console shows them, by thread key (by thread name for a thread
     * started without a key), threads in the order they started. Threads of two webhooks that use the
     * same key, which Chat keeps apart, are listed together here.
     */
    public synchronized Map<String, List<String>> threads() {
        Map<String, List<String>> threads = new LinkedHashMap<>();
        for (ReceivedMessage message : messages) {
            threads.computeIfAbsent(message.threadLabel(), k -> new ArrayList<>())
                    .add(message.consoleText);
        }
        threads.replaceAll((key, texts) -> List.copyOf(texts));
        return threads;
    }

    /** Requests for a message so far, accepted or rejected. */
    public synchronized int requests() {
        int rejected = 0;
        for (int count : rejectionsByCode.values()) {
            rejected += count;
        }
        return messages.size() + rejected;
    }

    /** When the first accepted message whose body holds {@code text} arrived; null if none did. */
    public synchronized Instant firstReceivedContaining(String text) {
        for (ReceivedMessage message : messages) {
            if (message.body.toString().contains(text)) {
                return message.received;
            }
        }
        return null;
    }

    /** Requests answered 429 RESOURCE_EXHAUSTED so far. */
    public synchronized int tooManyRequests() {
        return rejectionsByCode.getOrDefault(429, 0);
    }

    /** Requests answered 400 INVALID_ARGUMENT so far. */
    public synchronized int invalidArguments() {
        return rejectionsByCode.getOrDefault(400, 0);
    }

    synchronized PreviewPage.Snapshot snapshot() {
        int otherRejections =
                rejectionsByCode.values().stream().mapToInt(Integer::intValue).sum()
                        - tooManyRequests()
                        - invalidArguments();
        return new PreviewPage.Snapshot(
                List.copyOf(messages),
                threadSizes.size(),
                tooManyRequests(),
                invalidArguments(),
                otherRejections,
                List.copyOf(recentRejections));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (ChatError error) {
            reject(exchange, error);
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, ChatError {
        String path = exchange.getRequestURI().getPath();
        Matcher messagesPath = MESSAGES_PATH.matcher(path);
        if (messagesPath.matches()) {
            requireMethod(exchange, "POST");
            ReceivedMessage received = post(exchange, messagesPath.group(1));
            respond(exchange, 200, "application/json; charset=UTF-8", JSON.writeValueAsString(answer(received)));
        } else if ("/".equals(path)) {
            requireMethod(exchange, "GET");
            respond(exchange, 200, "text/html; charset=UTF-8", PreviewPage.render(snapshot()));
        } else if ("/api/messages".equals(path)) {
            requireMethod(exchange, "GET");
            respond(exchange, 200, "application/json; charset=UTF-8", messagesJson(snapshot().messages));
        } else if ("/favicon.ico".equals(path)) {
            // Every browser asks; an icon-less answer, not a rejection in the page's counts.
            exchange.sendResponseHeaders(204, -1);
        } else {
            throw new ChatError(404, "NOT_FOUND", "Requested entity was not found.");
        }
    }

    private static void requireMethod(HttpExchange exchange, String allowed) throws ChatError {
        if (!allowed.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", allowed);
            // google.rpc has no code for a wrong method; UNIMPLEMENTED is the nearest.
            throw new ChatError(
                    405,
                    "UNIMPLEMENTED",
                    "Method " + exchange.getRequestMethod() + " is not supported here; use " + allowed + ".");
        }
    }

    /** Checks the request as Google does, then posts the message. */
    private ReceivedMessage post(HttpExchange exchange, String space) throws IOException, ChatError {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES + 1);
        Map<String, String> query = queryParameters(exchange.getRequestURI().getRawQuery());
        if (isBlank(query.get("key"))) {
            throw new ChatError(403, "PERMISSION_DENIED", "The request is missing a valid API key.");
        }
        String token = query.get("token");
        if (isBlank(token)) {
            throw new ChatError(403, "PERMISSION_DENIED", "The request is missing a valid webhook token.");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ChatError(
                    400,
                    "INVALID_ARGUMENT",
                    "Message too large: the request body is over " + MAX_BODY_BYTES + " bytes.");
        }
        String replyOption = query.getOrDefault("messageReplyOption", UNSPECIFIED);
        if (!Set.of(UNSPECIFIED, FALLBACK_TO_NEW_THREAD, REPLY_OR_FAIL).contains(replyOption)) {
            throw new ChatError(
                    400,
                    "INVALID_ARGUMENT",
                    "Invalid value at 'message_reply_option'"
                            + " (type.googleapis.com/google.chat.v1.CreateMessageRequest.MessageReplyOption), \""
                            + replyOption + "\"");
        }
        ObjectNode message = parse(body);
        JsonNode key = message.path("thread").path("threadKey");
        String threadKey = key.isTextual() && !key.asText().isEmpty() ? key.asText() : null;
        boolean keyHonoured =
                threadKey != null && (FALLBACK_TO_NEW_THREAD.equals(replyOption) || REPLY_OR_FAIL.equals(replyOption));
        return place(space, token, message, replyOption, keyHonoured ? threadKey : null);
    }

    /**
     * Posts the message in its thread if the space's quota allows. One step under the lock, so that
     * concurrent posts cannot both pass the quota or both start the same keyed thread.
     *
     * @param threadKey the key to thread by, null when the message starts a new thread regardless
     */
    private synchronized ReceivedMessage place(
            String space, String token, ObjectNode message, String replyOption, String threadKey) throws ChatError {
        long now = System.nanoTime();
        Long last = lastAcceptedNanos.get(space);
        if (last != null && now - last < rateWindowNanos) {
            throw new ChatError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")
                    .explained((now - last) / 1_000_000 + " ms after the last message accepted in spaces/" + space
                            + "; the window is " + rateWindowNanos / 1_000_000 + " ms");
        }
        // Keys are scoped per webhook, that is per space and token.
        String lookup = space + '\n' + token + '\n' + threadKey;
        String threadName = threadKey == null ? null : keyedThreadNames.get(lookup);
        if (threadName == null && threadKey != null && REPLY_OR_FAIL.equals(replyOption)) {
            throw new ChatError(
                    404,
                    "NOT_FOUND",
                    "No thread with key " + threadKey + " in spaces/" + space
                            + "; REPLY_MESSAGE_OR_FAIL does not start one.");
        }
        if (threadName == null) {
            threadName = "spaces/" + space + "/threads/T" + (threadSizes.size() + 1);
            if (threadKey != null) {
                keyedThreadNames.put(lookup, threadName);
            }
        }
        int position = threadSizes.merge(threadName, 1, Integer::sum);
        String text = message.has("cardsV2")
                ? cardAsText(message)
                : message.path("text").asText("");
        ReceivedMessage received = new ReceivedMessage(
                "spaces/" + space + "/messages/M" + (messages.size() + 1),
                threadName,
                threadKey,
                position,
                message,
                text,
                Instant.now());
        messages.add(received);
        lastAcceptedNanos.put(space, now);
        // Printed under the lock so that the transcripts of concurrent posts do not interleave.
        JsonNode sentKey = message.path("thread").path("threadKey");
        if (threadKey == null && sentKey.isTextual() && !sentKey.asText().isEmpty()) {
            console.println("── note: threadKey " + sentKey.asText() + " ignored: with messageReplyOption "
                    + replyOption + " every message starts a new thread");
        }
        console.println(
                "── thread " + received.threadLabel() + (position == 1 ? " (new)" : " (reply " + position + ")"));
        text.lines().forEach(line -> console.println("   " + line));
        return received;
    }

    private static ObjectNode parse(byte[] body) throws ChatError {
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (IOException e) {
            throw new ChatError(
                    400,
                    "INVALID_ARGUMENT",
                    "Invalid JSON payload received. "
                            + (e instanceof JsonProcessingException
                                    ? ((JsonProcessingException) e).getOriginalMessage()
                                    : e.getMessage()));
        }
        String invalid = invalidMessage(message);
        if (invalid != null) {
            throw new ChatError(400, "INVALID_ARGUMENT", invalid);
        }
        return (ObjectNode) message;
    }

    /** Why Google would reject this message with 400 INVALID_ARGUMENT, or null when it would not. */
    private static String invalidMessage(JsonNode message) {
        if (!message.isObject()) {
            return "Invalid JSON payload received. Expected a JSON object (a Message), got "
                    + (message.isMissingNode() ? "an empty body." : message.getNodeType() + ".");
        }
        for (var names = message.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MESSAGE_FIELDS.contains(name)) {
                return "Invalid JSON payload received. Unknown name \"" + name + "\": Cannot find field.";
            }
        }
        JsonNode threadKey = message.path("thread").path("threadKey");
        if (threadKey.isTextual()
                && threadKey.asText().codePointCount(0, threadKey.asText().length()) > MAX_THREAD_KEY_CHARS) {
            // Checked whatever messageReplyOption says: the field is read, and its length limited, either way.
            return "Maximum length of the field is " + MAX_THREAD_KEY_CHARS;
        }
        JsonNode text = message.path("text");
        if (!text.isMissingNode() && !text.isTextual()) {
            return "Invalid value at 'message.text' (TYPE_STRING), " + text;
        }
        if (text.isTextual() && text.asText().codePointCount(0, text.asText().length()) > MAX_TEXT_CHARS) {
            return "Maximum length of the field is " + MAX_TEXT_CHARS;
        }
        if (text.asText("").isEmpty()
                && message.path("cardsV2").isEmpty()
                && message.path("cards").isEmpty()) {
            return "Message cannot be empty.";
        }
        return null;
    }

    /** Google's webhook answer: the message as sent, plus the names Chat gave it and its thread. */
    private static ObjectNode answer(ReceivedMessage received) {
        ObjectNode answer = received.body.deepCopy();
        answer.put("name", received.name);
        ObjectNode thread = answer.putObject("thread").put("name", received.threadName);
        if (received.body.path("thread").has("threadKey")) {
            thread.set("threadKey", received.body.path("thread").get("threadKey"));
        }
        return answer;
    }

    private static String messagesJson(List<ReceivedMessage> messages) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        for (ReceivedMessage message : messages) {
            ObjectNode item = list.addObject()
                    .put("name", message.name)
                    .put("threadName", message.threadName)
                    .put("threadKey", message.threadKey)
                    .put("receivedAt", message.received.toString());
            item.set("text", message.body.get("text"));
            item.set("fallbackText", message.body.get("fallbackText"));
            item.set("cardsV2", message.body.get("cardsV2"));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list);
    }

    /** Answers Google's error body, counts the rejection and prints it (with its explanation, which Google does not give). */
    private void reject(HttpExchange exchange, ChatError error) throws IOException {
        String line = error.code + " " + error.status + ": " + error.getMessage()
                + (error.explanation == null ? "" : " (" + error.explanation + ")");
        synchronized (this) {
            rejectionsByCode.merge(error.code, 1, Integer::sum);
            recentRejections.add(Instant.now() + " " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + " → " + line);
            if (recentRejections.size() > SHOWN_REJECTIONS) {
                recentRejections.remove(0);
            }
            console.println("── " + line);
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("code", error.code)
                .put("message", error.getMessage())
                .put("status", error.status);
        respond(exchange, error.code, "application/json; charset=UTF-8", JSON.writeValueAsString(body));
    }

    /**
     * A card as a console can show it: the mentions, header, sections and buttons, HTML reduced to text.
     */
    static String cardAsText(JsonNode message) {
        StringBuilder out = new StringBuilder();
        if (message.hasNonNull("text")) {
            out.append(message.get("text").asText()).append('\n');
        }
        out.append("[notification: ")
                .append(message.path("fallbackText").asText())
                .append("]\n");
        for (JsonNode cardV2 : message.path("cardsV2")) {
            JsonNode card = cardV2.path("card");
            out.append("┌ ")
                    .append(unhtml(card.path("header").path("title").asText()))
                    .append('\n')
                    .append("│ ")
                    .append(unhtml(card.path("header").path("subtitle").asText()))
                    .append('\n');
            for (JsonNode section : card.path("sections")) {
                if (section.has("header")) {
                    out.append("├─ ")
                            .append(section.get("header").asText())
                            .append(section.path("collapsible").asBoolean() ? " (collapsible)" : "")
                            .append('\n');
                }
                for (JsonNode widget : section.path("widgets")) {
                    if (widget.has("textParagraph")) {
                        unhtml(widget.get("textParagraph").path("text").asText())
                                .lines()
                                .forEach(line -> out.append("│ ").append(line).append('\n'));
                    } else if (widget.has("decoratedText")) {
                        JsonNode d = widget.get("decoratedText");
                        out.append("│ ")
                                .append(unhtml(d.path("topLabel").asText()))
                                .append(": ")
                                .append(unhtml(d.path("text").asText()))
                                .append('\n');
                    } else if (widget.has("buttonList")) {
                        for (JsonNode button : widget.get("buttonList").path("buttons")) {
                            out.append("│ [")
                                    .append(button.path("text").asText())
                                    .append(" → ")
                                    .append(button.path("onClick")
                                            .path("openLink")
                                            .path("url")
                                            .asText())
                                    .append("]\n");
                        }
                    }
                }
            }
            out.append("└\n");
        }
        return out.toString();
    }

    private static String unhtml(String html) {
        return html.replace("<br>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    /** Reads up to {@code limit} bytes and drains the rest, so that the client can read the answer. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] head = in.readNBytes(limit);
        in.transferTo(OutputStream.nullOutputStream());
        return head;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An answer in Google's error format: HTTP code, google.rpc status and message. */
    private static final class ChatError extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        final String status;
        /** Why, for the console and the page only: Google's answers do not say. */
        String explanation;

        ChatError(int code, String status, String message) {
            super(message, null, false, false);
            this.code = code;
            this.status = status;
        }

        ChatError explained(String why) {
            this.explanation = why;
            return this;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
