package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in against a real JDK HTTP client, as the appender talks to it. */
class LocalChatServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FALLBACK = "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    private static final String OR_FAIL = "&messageReplyOption=REPLY_MESSAGE_OR_FAIL";
    /** No quota: tests that need several accepted posts in a row. */
    private static final Duration NO_QUOTA = Duration.ZERO;
    /** A window no test outlasts, so that a second post is always inside it. */
    private static final Duration LONG_QUOTA = Duration.ofMinutes(1);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private LocalChatServer chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    private LocalChatServer start(Duration rateWindow) throws IOException {
        chat = LocalChatServer.start(new PrintStream(console, true, StandardCharsets.UTF_8), 0, rateWindow);
        return chat;
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String message(String text, String threadKey) throws IOException {
        var body = JSON.createObjectNode().put("text", text);
        if (threadKey != null) {
            body.putObject("thread").put("threadKey", threadKey);
        }
        return JSON.writeValueAsString(body);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts Google's error body: {"error":{"code","message","status"}} with the response's HTTP code. */
    private static void assertGoogleError(HttpResponse<String> response, int code, String status, String messagePart)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(code);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asText()).isEqualTo(status);
        assertThat(error.get("message").asText()).contains(messagePart);
    }

    @Test
    void answersWithTheMessageAsSentPlusItsNameAndThreadName() throws Exception {
        start(NO_QUOTA);

        HttpResponse<String> response = post(chat.webhookUrl() + FALLBACK, message("hello", "K1"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("name").asText()).matches("spaces/DEMO/messages/[^/]+");
        assertThat(answer.at("/thread/name").asText()).matches("spaces/DEMO/threads/[^/]+");
        assertThat(answer.at("/thread/threadKey").asText()).isEqualTo("K1");
        assertThat(answer.get("text").asText()).isEqualTo("hello");
    }

    @Test
    void fallbackOptionRepliesInTheKeyedThreadPerWebhook() throws Exception {
        start(NO_QUOTA);
        String url = chat.webhookUrl() + FALLBACK;

        JsonNode first = json(post(url, message("one", "K")));
        JsonNode second = json(post(url, message("two", "K")));
        JsonNode other = json(post(url, message("three", "L")));
        // Keys are scoped per webhook: another token's "K" is another thread.
        JsonNode otherWebhook = json(post(url.replace("token=demo-token", "token=other-token"), message("four", "K")));

        assertThat(second.at("/thread/name")).isEqualTo(first.at("/thread/name"));
        assertThat(other.at("/thread/name")).isNotEqualTo(first.at("/thread/name"));
        assertThat(otherWebhook.at("/thread/name")).isNotEqualTo(first.at("/thread/name"));
        assertThat(chat.threads().get("K")).containsExactly("one", "two", "four");
        assertThat(chat.threads().get("L")).containsExactly("three");
        assertThat(console())
                .contains(
                        "── thread K (new)\n   one\n",
                        "── thread K (reply 2)\n   two\n",
                        "── thread L (new)\n   three\n");
    }

    @Test
    void withoutReplyOptionEveryMessageStartsANewThreadAndTheKeyIsIgnored() throws Exception {
        start(NO_QUOTA);

        for (String option : new String[] {"", "&messageReplyOption=MESSAGE_REPLY_OPTION_UNSPECIFIED"}) {
            JsonNode first = json(post(chat.webhookUrl() + option, message("a", "K")));
            JsonNode second = json(post(chat.webhookUrl() + option, message("b", "K")));
            assertThat(second.at("/thread/name")).isNotEqualTo(first.at("/thread/name"));
        }

        assertThat(chat.threads()).hasSize(4).doesNotContainKey("K");
        assertThat(console()).contains("── note: threadKey K ignored").doesNotContain("(reply");
    }

    @Test
    void replyOrFailFailsUntilTheThreadExists() throws Exception {
        start(NO_QUOTA);

        HttpResponse<String> beforeThread = post(chat.webhookUrl() + OR_FAIL, message("lost", "K"));
        JsonNode started = json(post(chat.webhookUrl() + FALLBACK, message("start", "K")));
        HttpResponse<String> reply = post(chat.webhookUrl() + OR_FAIL, message("reply", "K"));

        assertGoogleError(beforeThread, 404, "NOT_FOUND", "K");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(json(reply).at("/thread/name")).isEqualTo(started.at("/thread/name"));
        assertThat(chat.threads().get("K")).containsExactly("start", "reply");
    }

    @Test
    void secondPostToASpaceWithinTheWindowGets429AndIsNotPosted() throws Exception {
        start(LONG_QUOTA);

        HttpResponse<String> first = post(chat.webhookUrl() + FALLBACK, message("first", "K"));
        HttpResponse<String> second = post(chat.webhookUrl() + FALLBACK, message("second", "K"));
        // The quota is per space.
        HttpResponse<String> otherSpace =
                post(chat.webhookUrl().replace("/DEMO/", "/OTHER/") + FALLBACK, message("elsewhere", "K"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertGoogleError(second, 429, "RESOURCE_EXHAUSTED", "Resource has been exhausted");
        assertThat(otherSpace.statusCode()).isEqualTo(200);
        assertThat(chat.tooManyRequests()).isEqualTo(1);
        assertThat(chat.threads().values()).flatExtracting(texts -> texts).containsExactly("first", "elsewhere");
        assertThat(console()).contains("── 429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).");
    }

    @Test
    void acceptsAgainOnceTheWindowHasPassed() throws Exception {
        Duration window = Duration.ofMillis(50);
        start(window);
        long firstAccepted = System.nanoTime();
        assertThat(post(chat.webhookUrl(), message("first", null)).statusCode()).isEqualTo(200);

        // No sleep: post until accepted, as a client honouring 429 would, only faster.
        int status;
        do {
            status = post(chat.webhookUrl(), message("again", null)).statusCode();
        } while (status == 429
                && System.nanoTime() - firstAccepted < Duration.ofSeconds(10).toNanos());

        assertThat(status).isEqualTo(200);
        assertThat(System.nanoTime() - firstAccepted).isGreaterThanOrEqualTo(window.toNanos());
    }

    @Test
    void theQuotaHoldsUnderConcurrentPosts() throws Exception {
        start(LONG_QUOTA);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String text = "concurrent " + i;
                posts.add(() ->
                        post(chat.webhookUrl() + FALLBACK, message(text, "K")).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : clients.invokeAll(posts)) {
                statuses.add(status.get());
            }

            assertThat(statuses)
                    .containsOnly(200, 429)
                    .filteredOn(s -> s == 200)
                    .hasSize(1);
            assertThat(chat.tooManyRequests()).isEqualTo(15);
            assertThat(chat.threads().get("K")).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void textOver4096CharactersIsInvalid() throws Exception {
        start(NO_QUOTA);

        HttpResponse<String> tooLong = post(chat.webhookUrl(), message("x".repeat(4097), null));
        HttpResponse<String> longest = post(chat.webhookUrl(), message("x".repeat(4096), null));

        assertGoogleError(tooLong, 400, "INVALID_ARGUMENT", "Maximum length of the field is 4096");
        assertThat(longest.statusCode()).isEqualTo(200);
        assertThat(chat.invalidArguments()).isEqualTo(1);
        assertThat(console()).contains("── 400 INVALID_ARGUMENT: Maximum length of the field is 4096");
    }

    @Test
    void threadKeyOver4000CharactersIsInvalid() throws Exception {
        start(NO_QUOTA);
        // Code points, as for text: 4000 of them, each two chars in Java.
        String longest = "\uD83D\uDD25".repeat(4000);

        HttpResponse<String> tooLong = post(chat.webhookUrl() + FALLBACK, message("too long", "k".repeat(4001)));
        HttpResponse<String> ignoredButTooLong = post(chat.webhookUrl(), message("no option", "k".repeat(4001)));
        HttpResponse<String> fits = post(chat.webhookUrl() + FALLBACK, message("fits", longest));

        assertGoogleError(tooLong, 400, "INVALID_ARGUMENT", "Maximum length of the field is 4000");
        assertGoogleError(ignoredButTooLong, 400, "INVALID_ARGUMENT", "Maximum length of the field is 4000");
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(chat.threads()).containsOnlyKeys(longest);
        assertThat(chat.invalidArguments()).isEqualTo(2);
    }

    @Test
    void bodyOver32000BytesIsInvalid() throws Exception {
        start(NO_QUOTA);
        String small = message("padded with JSON whitespace", null);

        HttpResponse<String> tooLarge = post(chat.webhookUrl(), small + " ".repeat(32_001 - small.length()));
        HttpResponse<String> largest = post(chat.webhookUrl(), small + " ".repeat(32_000 - small.length()));

        assertGoogleError(tooLarge, 400, "INVALID_ARGUMENT", "32000 bytes");
        assertThat(largest.statusCode()).isEqualTo(200);
    }

    @Test
    void malformedUnknownAndEmptyMessagesAndUnknownReplyOptionsAreInvalid() throws Exception {
        start(NO_QUOTA);

        assertGoogleError(
                post(chat.webhookUrl(), "{\"text\": \"unterminated"),
                400,
                "INVALID_ARGUMENT",
                "Invalid JSON payload received.");
        assertGoogleError(
                post(chat.webhookUrl(), "{\"text\":\"a\"} trailing"),
                400,
                "INVALID_ARGUMENT",
                "Invalid JSON payload received.");
        assertGoogleError(post(chat.webhookUrl(), "[1]"), 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        assertGoogleError(
                post(chat.webhookUrl(), "{\"text\":\"a\",\"colour\":\"red\"}"),
                400,
                "INVALID_ARGUMENT",
                "Unknown name \"colour\"");
        assertGoogleError(
                post(chat.webhookUrl(), "{\"text\":\"\"}"), 400, "INVALID_ARGUMENT", "Message cannot be empty.");
        assertGoogleError(
                post(chat.webhookUrl() + "&messageReplyOption=REPLY_MESSAGE", message("a", "K")),
                400,
                "INVALID_ARGUMENT",
                "message_reply_option");
        assertThat(chat.invalidArguments()).isEqualTo(6);
        assertThat(chat.threads()).isEmpty();
    }

    @Test
    void missingKeyOrTokenIsDenied() throws Exception {
        start(NO_QUOTA);

        assertGoogleError(
                post(chat.webhookUrl().replace("key=demo-key&", ""), message("a", null)),
                403,
                "PERMISSION_DENIED",
                "API key");
        assertGoogleError(
                post(chat.webhookUrl().replace("&token=demo-token", ""), message("a", null)),
                403,
                "PERMISSION_DENIED",
                "token");
        assertThat(chat.threads()).isEmpty();
    }

    @Test
    void otherPathsAreNotFoundAndOtherMethodsNotAllowed() throws Exception {
        start(NO_QUOTA);
        String base = chat.previewUrl();

        assertGoogleError(
                post(base + "v1/spaces/DEMO/members?key=k&token=t", message("a", null)), 404, "NOT_FOUND", "");
        assertGoogleError(get(base + "robots.txt"), 404, "NOT_FOUND", "");
        assertThat(get(base + "favicon.ico").statusCode())
                .as("the browser's icon request, not a rejection")
                .isEqualTo(204);
        HttpResponse<String> getMessages = get(chat.webhookUrl());
        assertGoogleError(getMessages, 405, "UNIMPLEMENTED", "GET");
        assertThat(getMessages.headers().firstValue("Allow")).hasValue("POST");
        assertGoogleError(post(base, message("a", null)), 405, "UNIMPLEMENTED", "POST");
    }

    @Test
    void previewShowsThreadsTextSyntaxAndCardsAndEscapesTheRest() throws Exception {
        start(NO_QUOTA);
        post(
                chat.webhookUrl() + FALLBACK,
                message("*x* and ```\n  at Foo.bar(Foo.java:1)\n``` see <https://x|y>", "ThreadOne"));
        post(chat.webhookUrl() + FALLBACK, message("<script>alert(1)</script> _it_", "ThreadTwo"));
        post(
                chat.webhookUrl() + FALLBACK,
                "{\"fallbackText\":\"fb\",\"thread\":{\"threadKey\":\"ThreadOne\"},"
                        + "\"cardsV2\":[{\"cardId\":\"c\",\"card\":{\"header\":{\"title\":\"Card title\",\"subtitle\":\"sub\"},"
                        + "\"sections\":[{\"header\":\"Details\",\"widgets\":[{\"textParagraph\":{\"text\":\"<b>bold</b><img src=x>\"}}]}]}}]}");
        post(chat.webhookUrl(), "{\"text\": 1}");

        HttpResponse<String> page = get(chat.previewUrl());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        assertThat(page.body())
                .contains(
                        "ThreadOne",
                        "ThreadTwo",
                        "<b>3</b> messages",
                        "<b>2</b> threads",
                        "<b>1</b> 400s",
                        "<b>0</b> 429s")
                .contains("<b>x</b>", "<pre>  at Foo.bar(Foo.java:1)</pre>", "<a href=\"https://x\">y</a>", "<i>it</i>")
                .contains("Card title", "sub", "Details", "<b>bold</b>&lt;img src=x&gt;")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script", "<img")
                .containsSubsequence("ThreadOne", "<b>x</b>", "Card title", "ThreadTwo");
    }

    @Test
    void apiListsTheMessagesAsJson() throws Exception {
        start(NO_QUOTA);
        post(chat.webhookUrl() + FALLBACK, message("hello", "K"));

        JsonNode messages = json(get(chat.previewUrl() + "api/messages"));

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("threadKey").asText()).isEqualTo("K");
        assertThat(messages.get(0).get("text").asText()).isEqualTo("hello");
        assertThat(messages.get(0).get("receivedAt").asText()).isNotEmpty();
    }

    @Test
    void cardsArePrintedAsTextOnTheConsole() throws Exception {
        start(NO_QUOTA);

        post(
                chat.webhookUrl() + FALLBACK,
                "{\"fallbackText\":\"fb\",\"thread\":{\"threadKey\":\"C\"},"
                        + "\"cardsV2\":[{\"card\":{\"header\":{\"title\":\"ERROR · Boom\",\"subtitle\":\"com.x.Y\"},"
                        + "\"sections\":[{\"widgets\":[{\"decoratedText\":{\"topLabel\":\"host\",\"text\":\"a&amp;b\"}}]}]}}]}");

        assertThat(console())
                .contains(
                        "── thread C (new)\n   [notification: fb]\n   ┌ ERROR · Boom\n   │ com.x.Y\n   │ host: a&b\n");
    }

    @Test
    void urlsHaveGooglesShapeAndThePortCanBePinned() throws Exception {
        int port;
        try (LocalChatServer free = LocalChatServer.start(new PrintStream(console, true, StandardCharsets.UTF_8))) {
            port = URI.create(free.previewUrl()).getPort();
            assertThat(free.webhookUrl())
                    .isEqualTo("http://127.0.0.1:" + port + "/v1/spaces/DEMO/messages?key=demo-key&token=demo-token");
            assertThat(free.previewUrl()).isEqualTo("http://127.0.0.1:" + port + "/");
        }
        // The port is free again once closed, so pinning it works.
        chat = LocalChatServer.start(new PrintStream(console, true, StandardCharsets.UTF_8), port);
        assertThat(chat.previewUrl()).isEqualTo("http://127.0.0.1:" + port + "/");
        assertThat(get(chat.previewUrl()).statusCode()).isEqualTo(200);
    }

    /** The server's threads are daemons, its dispatcher included: a demo that forgets close() still exits. */
    @Test
    void aJvmThatForgetsCloseExits() throws Exception {
        Path output = Files.createTempFile("forgotten-close", ".log");
        try {
            Process jvm = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            ForgottenCloseRun.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean exited = jvm.waitFor(15, TimeUnit.SECONDS);
            if (!exited) {
                jvm.destroyForcibly().waitFor();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);

            assertThat(exited)
                    .as("exited after main returned; it printed:%n%s", printed)
                    .isTrue();
            assertThat(jvm.exitValue()).as(printed).isZero();
            assertThat(printed).contains("answered 200; returning without close()");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Test
    void closeStopsPromptly() throws Exception {
        start(NO_QUOTA);
        post(chat.webhookUrl(), message("a", null));

        long before = System.nanoTime();
        chat.close();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        // A new client: the shared one may hold a pooled connection to the closed server.
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(chat.previewUrl())).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }
}
