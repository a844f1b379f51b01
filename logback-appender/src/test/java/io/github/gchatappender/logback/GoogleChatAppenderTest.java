package io.github.gchatappender.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.gchatappender.core.DeliveryStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/** The Logback appender through real logback.xml files against a local webhook. */
class GoogleChatAppenderTest {

    static final String KEY = "AIzaSy-logback-key";
    static final String TOKEN = "logback-token-secret";
    static final String PATH = "/v1/spaces/AAAA/messages";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension chat = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    LoggerContext context;
    GoogleChatAppender appender;

    @AfterEach
    void stopContextAndCheckSecrets() {
        if (context != null) {
            context.stop();
            // Every status line, Logback's own included: the URL came from GOOGLE_CHAT_WEBHOOK_URL.
            assertThat(LogbackConfigs.statusText(context)).doesNotContain(KEY).doesNotContain(TOKEN);
        }
    }

    /** Configures a context from a test resource; the appender is kept, since stopping the context detaches it. */
    void configure(String resource, String webhookUrl) {
        context = LogbackConfigs.configure(resource, webhookUrl);
        appender = LogbackConfigs.appender(context);
    }

    String webhookUrl() {
        return "http://localhost:" + chat.getPort() + PATH + "?key=" + KEY + "&token=" + TOKEN;
    }

    List<LoggedRequest> requests() {
        return chat.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    }

    static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String key(LoggedRequest request) {
        return body(request).path("thread").path("threadKey").asText();
    }

    static String text(LoggedRequest request) {
        return body(request).path("text").asText();
    }

    @Test
    void fourKindsOfErrorLandInFourThreadsAndOnlyErrorsAreSent() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        configure("logback-gchat.xml", webhookUrl());
        Logger a = context.getLogger("com.acme.A");
        Logger b = context.getLogger("com.acme.B");

        a.info("info is not sent");
        a.warn("warn is not sent");
        a.debug("debug is not sent");
        a.error("A state", new IllegalStateException("a-state"));
        a.error("A io", new IOException("a-io"));
        b.error("B state", new IllegalStateException("b-state"));
        b.error("B plain {}", 42);
        await().until(() -> requests().size() == 4);
        a.error("A state again", new IllegalStateException("a-state-2"));
        context.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(5);
        Map<String, String> keyByMessage = requests.stream().collect(Collectors.toMap(
                r -> text(r).lines().skip(1).findFirst().orElse(""), GoogleChatAppenderTest::key));
        assertThat(keyByMessage).containsOnlyKeys("A state", "A io", "B state", "B plain 42", "A state again");
        assertThat(keyByMessage.get("A state again")).isEqualTo(keyByMessage.get("A state"));
        assertThat(keyByMessage.values().stream().distinct()).hasSize(4);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.queryParameter("key").firstValue()).isEqualTo(KEY);
            assertThat(r.queryParameter("token").firstValue()).isEqualTo(TOKEN);
            assertThat(r.queryParameter("messageReplyOption").firstValue()).isEqualTo("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
            assertThat(text(r)).doesNotContain("is not sent").contains("shop", "test");
        });

        DeliveryStats stats = appender.getDeliveryStats();
        assertThat(stats.getEventsAccepted()).isEqualTo(5);
        assertThat(stats.getEventsDelivered()).isEqualTo(5);
        assertThat(stats.getEventsDropped()).isZero();
        assertThat(stats.getEventsPending()).isZero();
        assertThat(stats.getMessagesSent()).isEqualTo(5);
    }

    @Test
    void theThreadKeyIsTheSameInASecondJvm() throws Exception {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        configure("logback-gchat.xml", webhookUrl());
        context.getLogger("com.acme.A").error("from this JVM", new IllegalStateException("first"));
        context.stop();

        Process second = new ProcessBuilder(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"),
                SecondJvmRun.class.getName(), webhookUrl())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(text(requests.get(1))).contains("from the second JVM");
        assertThat(key(requests.get(1))).isEqualTo(key(requests.get(0)));
    }

    @Test
    void withDefaultSettingsTheFirstAlertArrivesWithinTwoSecondsAndStopFlushesTheRest() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        configure("logback-gchat-defaults.xml", webhookUrl());

        long loggedAt = System.nanoTime();
        context.getLogger("com.acme.A").error("first alert", new IllegalStateException("x"));
        await().atMost(Duration.ofSeconds(2)).until(() -> requests().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - loggedAt)).isLessThan(Duration.ofSeconds(2));

        context.getLogger("com.acme.B").error("flushed on stop");
        context.getLogger("com.acme.C").error("flushed on stop too");
        context.stop();
        assertThat(requests()).hasSize(3);
        assertThat(appender.getDeliveryStats().getEventsPending()).isZero();
    }

    @Test
    void aMissingWebhookUrlKeepsTheAppenderStoppedAndSaysWhichSettingToFix() {
        configure("logback-gchat-missing-url.xml", null);

        assertThatCode(() -> context.getLogger("com.acme.A").error("the application runs on")).doesNotThrowAnyException();
        assertThat(appender.isStarted()).isFalse();
        assertThat(LogbackConfigs.statusText(context)).contains("ERROR Google Chat appender 'GOOGLE_CHAT' not started: <webhookUrl> is missing");
        assertThat(requests()).isEmpty();
    }

    @Test
    void plainHttpToARemoteHostIsRefusedWithoutPrintingTheSecrets() {
        configure("logback-gchat-plain-http.xml", null);

        assertThat(appender.isStarted()).isFalse();
        String status = LogbackConfigs.statusText(context);
        assertThat(status).contains("<webhookUrl> uses plain http").doesNotContain("plain-key").doesNotContain("plain-token");
    }

    @Test
    void anUnknownLevelIsReportedWithTheSettingsName() {
        configure("logback-gchat-bad-level.xml", webhookUrl());

        assertThat(appender.isStarted()).isFalse();
        assertThat(LogbackConfigs.statusText(context)).contains("<level> is not a Logback level: 'LOUD'");
    }

    @Test
    void retriesServiceUnavailableTwiceThenDelivers() {
        chat.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("again"));
        chat.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        chat.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("ok").willReturn(ok()));
        configure("logback-gchat.xml", webhookUrl());

        context.getLogger("com.acme.A").error("eventually delivered");
        await().atMost(Duration.ofSeconds(10)).until(() -> requests().size() == 3);
        context.stop();

        DeliveryStats stats = appender.getDeliveryStats();
        assertThat(stats.getEventsDelivered()).isEqualTo(1);
        assertThat(stats.getRequestsRetried()).isEqualTo(2);
        assertThat(LogbackConfigs.statusText(context)).contains("WARN Google Chat answered HTTP 503");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404})
    void permanentFailuresAreSentOnceAndReportedWithTheirCode(int code) {
        String googleStatus = code == 400 ? "INVALID_ARGUMENT" : code == 403 ? "PERMISSION_DENIED" : "NOT_FOUND";
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(code).withBody(
                "{\"error\":{\"code\":" + code + ",\"message\":\"rejected\",\"status\":\"" + googleStatus + "\"}}")));
        configure("logback-gchat.xml", webhookUrl());

        context.getLogger("com.acme.A").error("rejected", new IllegalStateException("x"));
        context.stop();

        assertThat(requests()).hasSize(1);
        assertThat(LogbackConfigs.statusText(context)).contains("ERROR Google Chat rejected a message with HTTP "
                + code + " " + googleStatus);
        DeliveryStats stats = appender.getDeliveryStats();
        assertThat(stats.getEventsDropped()).isEqualTo(1);
        assertThat(stats.getEventsPending()).isZero();
    }

    @Test
    void aRefusedConnectionLeavesTheApplicationUnaffectedAndStopBounded() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        configure("logback-gchat.xml",
                "http://127.0.0.1:" + closedPort + PATH + "?key=" + KEY + "&token=" + TOKEN);
        Logger logger = context.getLogger("com.acme.A");

        long loggingStarted = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            logger.error("refused " + i, new IllegalStateException("x"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - loggingStarted)).isLessThan(Duration.ofSeconds(1));

        long stopStarted = System.nanoTime();
        context.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(Duration.ofSeconds(7));
        DeliveryStats stats = appender.getDeliveryStats();
        assertThat(stats.getEventsAccepted()).isEqualTo(200);
        assertThat(stats.getEventsDropped()).isEqualTo(200);
        assertThat(stats.getEventsPending()).isZero();
    }

    @Test
    void anExplicitWebhookUrlElementWorksAndTheAppenderNeverEchoesIt() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        // The URL only as a context property, so that only ${gchat.webhookUrl} can supply it.
        LoggerContext viaSubstitution = new LoggerContext();
        viaSubstitution.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        viaSubstitution.putProperty("gchat.webhookUrl", webhookUrl());
        ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(viaSubstitution);
        assertThatCode(() -> configurator.doConfigure(getClass().getResource("/logback-gchat-explicit-url.xml")))
                .doesNotThrowAnyException();

        viaSubstitution.getLogger("com.acme.A").error("configured with <webhookUrl>");
        viaSubstitution.stop();

        assertThat(requests()).hasSize(1);
        assertThat(requests().get(0).queryParameter("token").firstValue()).isEqualTo(TOKEN);
        assertThat(LogbackConfigs.appenderStatusText(viaSubstitution)).doesNotContain(KEY).doesNotContain(TOKEN);
        // Logback's own configurator echoes substituted values: why the README recommends the variable.
        assertThat(LogbackConfigs.statusText(viaSubstitution)).contains("substituted for \"${gchat.webhookUrl}\"");
    }

    @Test
    void theCountsAreAnMBeanWhileTheAppenderRuns() throws Exception {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        configure("logback-gchat.xml", webhookUrl());
        context.getLogger("com.acme.A").error("counted");
        await().until(() -> requests().size() == 1);

        ObjectName name = new ObjectName("io.github.gchatappender:type=GoogleChatAppender,name=GOOGLE_CHAT");
        await().until(() -> Long.valueOf(1).equals(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "EventsDelivered")));
        context.stop();
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name)).isFalse();
    }
}
