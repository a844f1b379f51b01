package io.github.gchatappender.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Google Chat's quota played on loopback: per space, a request less than
 * {@value #MIN_GAP_MILLIS} ms after the previous accepted one gets 429 RESOURCE_EXHAUSTED, as Google
 * answers above 1 message per second (100 ms of slack for scheduling and loopback jitter).
 * Records arrival times, thread keys and every 429.
 */
final class QuotaEnforcingChatServer implements AutoCloseable {

    static final long MIN_GAP_MILLIS = 900;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Long> lastAcceptedNanos = new HashMap<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final Set<String> threadKeys = new HashSet<>();
    private final List<String> texts = new ArrayList<>();
    private int tooManyRequests;

    private QuotaEnforcingChatServer(HttpServer server) {
        this.server = server;
    }

    static QuotaEnforcingChatServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        QuotaEnforcingChatServer chat = new QuotaEnforcingChatServer(http);
        http.createContext("/v1/spaces/", chat::handle);
        http.start();
        return chat;
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1/spaces/QUOTA/messages?key=quota-key&token=quota-token";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            long now = System.nanoTime();
            String space = exchange.getRequestURI().getPath();
            boolean over;
            synchronized (this) {
                arrivals.add(now);
                Long last = lastAcceptedNanos.get(space);
                over = last != null && now - last < TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS);
                if (over) {
                    tooManyRequests++;
                } else {
                    lastAcceptedNanos.put(space, now);
                    threadKeys.add(body.path("thread").path("threadKey").asText());
                    texts.add(body.path("text").asText(""));
                }
            }
            if (over) {
                respond(
                        exchange,
                        429,
                        "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
            } else {
                respond(exchange, 200, "{\"name\":\"spaces/QUOTA/messages/1\"}");
            }
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    synchronized int requests() {
        return arrivals.size();
    }

    synchronized int tooManyRequests() {
        return tooManyRequests;
    }

    synchronized Set<String> threadKeys() {
        return new HashSet<>(threadKeys);
    }

    synchronized List<String> texts() {
        return new ArrayList<>(texts);
    }

    /** Seconds from the first request to the last. */
    synchronized double spanSeconds() {
        return arrivals.size() < 2 ? 0 : (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
