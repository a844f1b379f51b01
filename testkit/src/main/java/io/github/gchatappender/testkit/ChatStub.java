package io.github.gchatappender.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/** A Google Chat webhook played by WireMock on loopback, and readers for what it received. */
public final class ChatStub {

    public static final String KEY = "AIzaSy-test-key-0123";
    public static final String TOKEN = "test-token-secret-4567";
    public static final String PATH = "/v1/spaces/AAAA/messages";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockExtension server;

    public ChatStub(WireMockExtension server) {
        this.server = server;
    }

    /** The webhook URL, with key and token, as a user would copy it from the space. */
    public String webhookUrl() {
        return "http://localhost:" + server.getPort() + PATH + "?key=" + KEY + "&token=" + TOKEN;
    }

    /** A URL shaped like a webhook's on a loopback port where nothing listens. */
    public static String refusingWebhookUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return "http://127.0.0.1:" + closedPort + PATH + "?key=" + KEY + "&token=" + TOKEN;
    }

    public void answerOk() {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
    }

    /** Answers 200, but only {@code delay} after each request arrived: a slow webhook. */
    public void answerOkAfter(Duration delay) {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok().withFixedDelay((int) delay.toMillis())));
    }

    /** Answers with {@code code} and Google's error body carrying {@code status}. */
    public void answerError(int code, String status) {
        server.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(code)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":" + code + ",\"message\":\"rejected by the test\",\"status\":\""
                                + status + "\"}}")));
    }

    /** Answers {@code code} twice, then 200. */
    public void failTwiceThenOk(int code) {
        server.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(code))
                .willSetStateTo("again"));
        server.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(code))
                .willSetStateTo("ok"));
        server.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("ok")
                .willReturn(ok()));
    }

    public List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    }

    public static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String threadKey(LoggedRequest request) {
        return body(request).path("thread").path("threadKey").asText();
    }

    public static String text(LoggedRequest request) {
        return body(request).path("text").asText();
    }

    /** The line after the header: the event's message. */
    public static String message(LoggedRequest request) {
        return text(request).lines().skip(1).findFirst().orElse("");
    }
}
