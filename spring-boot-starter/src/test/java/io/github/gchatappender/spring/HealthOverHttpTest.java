package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code googleChat} health over HTTP, in a real web application with Actuator, as a probe reads it,
 * against a webhook that answers 403 (a deleted or revoked one): the application's own
 * {@code /actuator/health} stays 200 unless the user asks otherwise, and the problem shows at
 * {@code /actuator/health/googleChat}, never with the key or token.
 */
class HealthOverHttpTest {

    private static final String KEY = "health-key-8899";
    private static final String TOKEN = "health-token-7766";

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger posts = new AtomicInteger();
    private HttpServer webhook;
    private ConfigurableApplicationContext context;

    /** Google's answer to a revoked webhook: 403 PERMISSION_DENIED, with its error body. */
    @BeforeEach
    void startRejectingWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                    "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\",\"status\":\"PERMISSION_DENIED\"}}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        webhook.start();
    }

    @AfterEach
    void stopEverything() {
        if (context != null) {
            context.close();
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        webhook.stop(0);
    }

    @Test
    void byDefaultARejectedWebhookLeavesTheApplicationsHealthAt200AndShowsInItsOwn() throws Exception {
        context = run();
        rejectOneAlert();

        HttpResponse<String> overall = get("/actuator/health");
        assertThat(overall.statusCode()).as(overall.body()).isEqualTo(200);
        assertThat(overall.body()).contains("\"status\":\"UP\"");

        HttpResponse<String> own = get("/actuator/health/googleChat");
        assertThat(own.body())
                .contains("\"status\":\"REJECTED\"", "403", "PERMISSION_DENIED")
                .doesNotContain(KEY)
                .doesNotContain(TOKEN);
        System.out.println("GET /actuator/health: " + overall.statusCode() + " " + overall.body());
        System.out.println("GET /actuator/health/googleChat: " + own.statusCode() + " " + own.body());
    }

    @Test
    void withTheOnePropertyARejectedWebhookTurnsTheApplicationsHealthDown() throws Exception {
        context = run("management.health.googlechat.affects-overall-status=true");
        rejectOneAlert();

        HttpResponse<String> overall = get("/actuator/health");
        assertThat(overall.statusCode()).as(overall.body()).isEqualTo(503);
        assertThat(overall.body())
                .contains("\"status\":\"DOWN\"")
                .doesNotContain(KEY)
                .doesNotContain(TOKEN);
    }

    /** As docs/spring-boot.md says: Boot's own HTTP mapping gives the indicator's endpoint a failing answer, and only it. */
    @Test
    void mappedToAnHttpStatusOnlyTheIndicatorsOwnEndpointAnswersIt() throws Exception {
        context = run("management.endpoint.health.status.http-mapping.rejected=503");
        rejectOneAlert();

        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/googleChat").statusCode()).isEqualTo(503);
    }

    private ConfigurableApplicationContext run(String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=always",
                "google.chat.webhook-url=http://127.0.0.1:"
                        + webhook.getAddress().getPort() + "/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN));
        properties.addAll(List.of(more));
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties.toArray(new String[0]))
                .run();
    }

    /** Logs an error and waits until the webhook has refused it and the indicator says so. */
    private void rejectOneAlert() {
        LoggerFactory.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> posts.get() >= 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> AttachedAppenders.current().get(0).health().rejection() != null);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String port = context.getEnvironment().getProperty("local.server.port");
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
