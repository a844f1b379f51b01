package io.github.gchatappender.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.internal.dispatch.RetryTimings;
import io.github.gchatappender.core.internal.transport.JdkHttpTransport;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.core.report.StatusReporter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sender against a WireMock server that misbehaves: broken connections, garbage, slow or
 * trickling answers, every error status Google documents, and a long outage. Each case checks what
 * reached the server (how many requests, and when), the counts, and what the status channel said.
 * Timing assertions are lower bounds with generous upper bounds; nothing here sleeps.
 */
class FaultInjectionTest {

    static final String KEY = "AIzaSyFAULT-key-98765";
    static final String TOKEN = "fAuLt-token-secret%3D";
    static final String DECODED_TOKEN = "fAuLt-token-secret=";
    static final String PATH = "/v1/spaces/AAAA/messages";
    static final Duration AT_MOST = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The prefix of the status line that announces a retry; see Dispatcher.retryOrDrop. */
    static final String RETRY_LINE = "WARN Google Chat answered ";

    static final Pattern RETRY_DELAY = Pattern.compile("retrying in (\\d+) ms \\(retry (\\d+) of (\\d+)\\)");

    @RegisterExtension
    static WireMockExtension chat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    final RecordingStatus status = new RecordingStatus();
    GoogleChatSender sender;

    @AfterEach
    void stopSenderAndCheckSecrets() {
        if (sender != null) {
            sender.stop();
        }
        assertThat(status.all())
                .doesNotContain(KEY)
                .doesNotContain(TOKEN)
                .doesNotContain(DECODED_TOKEN)
                .doesNotContain("fAuLt");
    }

    // ---------------------------------------------------------------------------------------------
    // Broken connections and garbage: one failure, then 200.

    @ParameterizedTest(name = "{0} once, then 200")
    @EnumSource(
            value = Fault.class,
            names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"
            })
    void aBrokenAnswerIsRetriedOnceAndTheMessageDelivered(Fault fault) {
        onceThenOk(aResponse().withFault(fault));
        start(fast());

        sender.offer(event("com.acme.Faulty", "fault " + fault));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getBodyAsString()).isEqualTo(requests.get(0).getBodyAsString());
        // The retry waits for the backoff: initialBackoff (50 ms) plus jitter, counted from the failure.
        assertThat(gapMillis(requests, 0, 1)).isBetween(50L, 3_000L);
        assertStats(1, 1, 0, 1, 1);
        List<String> retries = linesStartingWith(RETRY_LINE);
        assertThat(retries).hasSize(1);
        assertThat(retries.get(0)).contains("IOException").contains("(retry 1 of 5)");
        assertRetryDelayBetween(retries.get(0), 50, 100);
        assertThat(status.lines).hasSize(1).noneMatch(line -> line.startsWith("ERROR"));
    }

    // ---------------------------------------------------------------------------------------------
    // Slow and trickling answers.

    @Test
    void anAnswerSlowerThanTheRequestTimeoutIsCutRetriedAndDelivered() {
        onceThenOk(ok("{\"name\":\"spaces/AAAA/messages/late\"}").withFixedDelay(1_500));
        start(fast().requestTimeout(Duration.ofMillis(300)));

        sender.offer(event("com.acme.Slow", "slow"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        // Cut after 300 ms, then backoff; well before the server would have answered (1.5 s).
        assertThat(gapMillis(requests, 0, 1)).isGreaterThanOrEqualTo(300L).isLessThan(1_500L);
        assertStats(1, 1, 0, 1, 1);
        List<String> retries = linesStartingWith(RETRY_LINE);
        assertThat(retries)
                .singleElement()
                .asString()
                .contains("HttpTimeoutException")
                .contains("(retry 1 of 5)");
        assertThat(status.lines).hasSize(1);
    }

    @Test
    void aBodyThatTricklesIsCutByTheWholeExchangeDeadlineRetriedAndDelivered() {
        // Headers come at once, the body in 5 chunks over 2 s: only the whole-exchange deadline can cut it.
        onceThenOk(ok("{\"name\":\"spaces/AAAA/messages/trickle\",\"padding\":\"" + "x".repeat(100) + "\"}")
                .withChunkedDribbleDelay(5, 2_000));
        start(fast().requestTimeout(Duration.ofMillis(500)));

        sender.offer(event("com.acme.Trickle", "trickle"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        // The deadline starts just before the request leaves; the body would have taken 2 s.
        assertThat(gapMillis(requests, 0, 1)).isGreaterThanOrEqualTo(450L).isLessThan(2_000L);
        assertStats(1, 1, 0, 1, 1);
        assertThat(linesStartingWith(RETRY_LINE))
                .singleElement()
                .asString()
                .contains("HttpTimeoutException: no complete answer within 500 ms")
                .contains("(retry 1 of 5)");
        assertThat(status.lines).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------
    // 429: over the space's quota.

    @Test
    void tooManyRequestsWithRetryAfterWaitsAsLongAsTheServerSays() {
        onceThenOk(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "2")
                .withHeader("Content-Type", "application/json")
                .withBody(googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")));
        start(fast());

        sender.offer(event("com.acme.Busy", "over quota"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(gapMillis(requests, 0, 1)).isGreaterThanOrEqualTo(1_900L).isLessThan(5_000L);
        assertStats(1, 1, 0, 1, 1);
        // Not a failure: no retry of maxRetries is spent, the message waits as long as the server says.
        assertThat(linesStartingWith(RETRY_LINE))
                .singleElement()
                .asString()
                .contains("HTTP 429 RESOURCE_EXHAUSTED")
                .containsPattern("waits 20\\d\\d ms for its turn")
                .contains("nothing is dropped")
                .doesNotContain("retry 1 of");
        assertThat(status.lines).hasSize(1);
    }

    @Test
    void tooManyRequestsWithoutRetryAfterWaitsForTheBackoff() {
        onceThenOk(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody(googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")));
        start(fast());

        sender.offer(event("com.acme.Busy", "over quota, no header"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(gapMillis(requests, 0, 1)).isBetween(50L, 1_500L);
        assertStats(1, 1, 0, 1, 1);
        List<String> retries = linesStartingWith(RETRY_LINE);
        assertThat(retries)
                .singleElement()
                .asString()
                .contains("HTTP 429 RESOURCE_EXHAUSTED")
                .contains("nothing is dropped");
        // Google's backoff for a first 429: 50 ms and a jitter of up to 50 ms.
        Matcher wait = Pattern.compile("waits (\\d+) ms for its turn").matcher(retries.get(0));
        assertThat(wait.find()).as("the wait in '%s'", retries.get(0)).isTrue();
        assertThat(Long.parseLong(wait.group(1))).isBetween(50L, 100L);
        assertThat(status.lines).hasSize(1);
    }

    // ---------------------------------------------------------------------------------------------
    // 5xx without end: bounded retries.

    @ParameterizedTest(name = "endless {0}")
    @CsvSource({
        "500, INTERNAL, Internal error encountered.",
        "502, , ",
        "503, UNAVAILABLE, The service is currently unavailable.",
        "504, DEADLINE_EXCEEDED, The request deadline was exceeded."
    })
    void anEndlessServerErrorIsTriedMaxRetriesPlusOneTimesThenDropped(int code, String googleStatus, String message) {
        ResponseDefinitionBuilder answer = googleStatus == null
                // A proxy's own page, not Google's error JSON: described by the status code alone.
                ? aResponse()
                        .withStatus(code)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")
                : aResponse()
                        .withStatus(code)
                        .withHeader("Content-Type", "application/json")
                        .withBody(googleError(code, googleStatus, message));
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(answer));
        start(fast().maxRetries(2));

        sender.offer(event("com.acme.Down", "server down " + code));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDropped() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(3);
        // Backoff before retry 1: 50 ms + jitter; before retry 2: 100 ms + jitter (cap 200 ms).
        assertThat(gapMillis(requests, 0, 1)).isBetween(50L, 3_000L);
        assertThat(gapMillis(requests, 1, 2)).isBetween(100L, 3_000L);
        assertStats(1, 0, 1, 3, 2);

        String described = "HTTP " + code + (googleStatus == null ? "" : " " + googleStatus + ": " + message);
        List<String> retries = linesStartingWith(RETRY_LINE);
        // The second retry's line is held back by the throttle (one line per kind per minute) ...
        assertThat(retries)
                .singleElement()
                .asString()
                .startsWith(RETRY_LINE + described + "; retrying in")
                .contains("(retry 1 of 2)");
        // ... and summarised on stop.
        assertThat(status.lines).contains("WARN retry HTTP " + code + ": 1 more like this since the previous report");
        assertThat(linesContaining("dropped after"))
                .singleElement()
                .asString()
                .startsWith("ERROR Google Chat message dropped after 3 attempts, last: " + described)
                .endsWith("1 event lost");
        assertThat(status.lines).hasSize(3);
    }

    // ---------------------------------------------------------------------------------------------
    // 4xx: no retry; 401/403/404 also pause the webhook.

    @Test
    void badRequestDropsTheMessageAtOnceWithoutACoolDown() {
        onceThenOk(aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(googleError(
                        400,
                        "INVALID_ARGUMENT",
                        "Invalid JSON payload received. Unknown name \\\"bogus\\\": Cannot find field.")));
        // A cool-down, if 400 started one, would outlast the test: the second event would get no request.
        start(fast(), fastParts(Duration.ofMinutes(10)));

        sender.offer(event("com.acme.Bad", "rejected"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDropped() == 1);
        assertThat(requests()).hasSize(1);

        long offeredAt = System.currentTimeMillis();
        sender.offer(event("com.acme.Bad", "sent anyway"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getLoggedDate().getTime() - offeredAt).isLessThan(3_000L);
        assertThat(requests.get(1).getBodyAsString()).contains("sent anyway").doesNotContain("rejected");
        assertStats(2, 1, 1, 1, 0);
        assertThat(linesContaining("400 INVALID_ARGUMENT"))
                .singleElement()
                .asString()
                .startsWith("ERROR Google Chat rejected a message with HTTP 400 INVALID_ARGUMENT: Invalid JSON payload")
                .contains("1 event dropped; the message was not retried");
        assertThat(status.all()).doesNotContain("dropped without a request").doesNotContain("cool-down");
        assertThat(status.lines).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "401, UNAUTHENTICATED, Request had invalid authentication credentials.",
        "403, PERMISSION_DENIED, The caller does not have permission",
        "404, NOT_FOUND, Requested entity was not found."
    })
    void aRevokedWebhookGetsNoRequestsDuringTheCoolDownThenOneProbe(int code, String googleStatus, String message) {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(code)
                        .withHeader("Content-Type", "application/json")
                        .withBody(googleError(code, googleStatus, message))));
        Duration coolDown = Duration.ofMillis(1_500);
        start(fast(), fastParts(coolDown));

        sender.offer(event("com.acme.First", "rejected"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDropped() == 1);
        // Read after the drop was counted, so after the dispatcher started its cool-down.
        long rejectedAt = System.nanoTime();
        assertThat(requests()).hasSize(1);

        for (int i = 0; i < 5; i++) {
            sender.offer(event("com.acme.Group" + i, "during the cool-down " + i));
        }
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDropped() == 6);
        assertThat(requests()).hasSize(1);
        assertThat(linesContaining("dropped without a request"))
                .singleElement()
                .asString()
                .startsWith("ERROR ")
                .contains("HTTP " + code + " " + googleStatus)
                .contains("the next request goes after the cool-down");

        // The webhook works again; an event logged after the cool-down goes out as the one probe.
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok("{\"name\":\"spaces/AAAA/messages/probe\"}")));
        await().atMost(AT_MOST)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> System.nanoTime() - rejectedAt > coolDown.toNanos());
        sender.offer(event("com.acme.Probe", "after the cool-down"));
        await().atMost(AT_MOST).until(() -> requests().size() == 2);
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(gapMillis(requests, 0, 1)).isBetween(1_450L, 1_500L + AT_MOST.toMillis());
        assertThat(requests.get(1).getBodyAsString())
                .contains("after the cool-down")
                .doesNotContain("during the cool-down");
        assertStats(7, 1, 6, 1, 0);
        assertThat(linesContaining(code + " " + googleStatus))
                .first()
                .asString()
                .startsWith(
                        "ERROR Google Chat rejected a message with HTTP " + code + " " + googleStatus + ": " + message)
                .contains("check webhookUrl", "key=***&token=***", "then one probe");
        assertThat(linesStartingWith(RETRY_LINE)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Odd success.

    @Test
    void anHtmlPageWithStatus200CountsAsDelivered() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html; charset=UTF-8")
                        .withBody(
                                "<html><head><title>Sign in</title></head><body>Not what you expected</body></html>")));
        start(fast());

        sender.offer(event("com.acme.Html", "html answer"));
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDelivered() == 1);
        sender.stop();

        assertThat(requests()).hasSize(1);
        assertStats(1, 1, 0, 0, 0);
        assertThat(sender.stats().getMessagesSent()).isEqualTo(1);
        assertThat(status.lines).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // A long outage under many events.

    @Test
    void anEndlessOutageUnderManyEventsMakesBoundedRequestsAndThrottledStatusWithoutAFeedbackLoop() throws IOException {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(googleError(500, "INTERNAL", "Internal error encountered."))));
        int maxRetries = 2;
        int groups = 5;
        int perGroup = 20;
        SenderSettings settings = fast().maxRetries(maxRetries).build();
        // A status channel that logs back into the appender, as a careless configuration would.
        AtomicInteger fedBack = new AtomicInteger();
        AtomicInteger fedBackAccepted = new AtomicInteger();
        StatusReporter loopingBack = new StatusReporter() {
            @Override
            public void info(String message) {
                status.info(message);
                feedBack(message);
            }

            @Override
            public void warn(String message) {
                status.warn(message);
                feedBack(message);
            }

            @Override
            public void error(String message) {
                status.error(message);
                feedBack(message);
            }

            private void feedBack(String message) {
                fedBack.incrementAndGet();
                GoogleChatSender target = sender;
                if (target != null && target.offer(event("io.github.gchatappender.Status", message))) {
                    fedBackAccepted.incrementAndGet();
                }
            }
        };
        sender = new GoogleChatSender(
                settings,
                loopingBack,
                fastParts()
                        .transport(new JdkHttpTransport(
                                WebhookUrl.parse(settings.transport().webhookUrl()),
                                settings.transport().connectTimeout())));
        // Queued before the dispatcher starts, so that they fold into exactly one batch per group.
        int offered = 0;
        for (int i = 0; i < perGroup; i++) {
            for (int g = 0; g < groups; g++) {
                assertThat(sender.offer(event("com.acme.Storm" + g, "storm " + g + "/" + i)))
                        .isTrue();
                offered++;
            }
        }
        sender.startDispatching();

        int events = offered;
        await().atMost(AT_MOST).until(() -> sender.stats().getEventsDropped() == events);
        int allowed = groups * (maxRetries + 1);
        // Nothing more goes out once every message has used its attempts.
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(3))
                .until(() -> requests().size() == allowed);
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(allowed);
        Map<String, Long> perThread =
                requests.stream().collect(Collectors.groupingBy(FaultInjectionTest::threadKey, Collectors.counting()));
        assertThat(perThread)
                .hasSize(groups)
                .allSatisfy((key, count) -> assertThat(count).isEqualTo(maxRetries + 1L));
        // One message at a time: each message's attempts are consecutive, and each waits its backoff
        // (50 ms + jitter, then 100 ms + jitter) before retrying.
        for (int i = 0; i < allowed; i++) {
            int first = i - i % (maxRetries + 1);
            assertThat(threadKey(requests.get(i))).as("request %d", i).isEqualTo(threadKey(requests.get(first)));
            if (i > first) {
                assertThat(gapMillis(requests, i - 1, i))
                        .as("wait before request %d", i)
                        .isBetween(i - first == 1 ? 50L : 100L, 3_000L);
            }
        }
        assertThat(gapMillis(requests, 0, allowed - 1)).isBetween(groups * 150L, 8_000L);

        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(events);
        assertThat(stats.getEventsDelivered()).isZero();
        assertThat(stats.getEventsDropped()).isEqualTo(events);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(stats.getRequestsFailed()).isEqualTo(allowed);
        assertThat(stats.getRequestsRetried()).isEqualTo(groups * maxRetries);

        // Throttled: one line per kind per minute, the rest summarised on stop.
        assertThat(linesStartingWith("WARN Google Chat answered HTTP 500")).hasSize(1);
        assertThat(linesContaining("dropped after 3 attempts")).hasSize(1);
        assertThat(status.lines)
                .contains(
                        "WARN retry HTTP 500: " + (groups * maxRetries - 1)
                                + " more like this since the previous report",
                        "ERROR retries exhausted HTTP 500: " + (groups - 1)
                                + " more like this since the previous report");
        assertThat(status.lines).hasSize(4);
        // The status lines reached the appender again, which ignored them: no loop.
        assertThat(fedBack.get()).isEqualTo(4);
        assertThat(fedBackAccepted.get()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    SenderSettings.Builder fast() {
        return SenderSettings.builder()
                .name("faults")
                .webhookUrl("http://localhost:" + chat.getPort() + PATH + "?key=" + KEY + "&token=" + TOKEN)
                .batchWindow(Duration.ofMillis(20))
                .messagesPerSecond(200.0)
                .shutdownTimeout(Duration.ofSeconds(5));
    }

    /** A backoff of 50 ms doubling to 200 ms, to go with {@link #fast()}; after a rejection, {@code coolDown}. */
    static EngineParts fastParts(Duration coolDown) {
        return new EngineParts().retry(new RetryTimings(Duration.ofMillis(50), Duration.ofMillis(200), coolDown));
    }

    static EngineParts fastParts() {
        return fastParts(RetryTimings.GOOGLE.rejectionCooldown());
    }

    void start(SenderSettings.Builder settings) {
        start(settings, fastParts());
    }

    void start(SenderSettings.Builder settings, EngineParts parts) {
        sender = GoogleChatSender.start(settings.build(), status, parts);
    }

    /** The first request gets {@code first}, every later one 200. */
    void onceThenOk(ResponseDefinitionBuilder first) {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first)
                .willSetStateTo("healthy"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("once")
                .whenScenarioStateIs("healthy")
                .willReturn(ok("{\"name\":\"spaces/AAAA/messages/1\"}")));
    }

    static AlertEvent event(String logger, String message) {
        return AlertEvent.builder()
                .timestampMillis(System.currentTimeMillis())
                .level("ERROR")
                .loggerName(logger)
                .threadName("worker-1")
                .message(message)
                .build();
    }

    List<LoggedRequest> requests() {
        return chat.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    }

    static long gapMillis(List<LoggedRequest> requests, int from, int to) {
        return requests.get(to).getLoggedDate().getTime()
                - requests.get(from).getLoggedDate().getTime();
    }

    void assertStats(long accepted, long delivered, long dropped, long failed, long retried) {
        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).as("accepted in %s", stats).isEqualTo(accepted);
        assertThat(stats.getEventsDelivered()).as("delivered in %s", stats).isEqualTo(delivered);
        assertThat(stats.getEventsDropped()).as("dropped in %s", stats).isEqualTo(dropped);
        assertThat(stats.getRequestsFailed()).as("requestsFailed in %s", stats).isEqualTo(failed);
        assertThat(stats.getRequestsRetried())
                .as("requestsRetried in %s", stats)
                .isEqualTo(retried);
        assertThat(stats.getEventsPending()).as("pending in %s", stats).isZero();
    }

    List<String> linesStartingWith(String prefix) {
        return filter(line -> line.startsWith(prefix));
    }

    List<String> linesContaining(String text) {
        return filter(line -> line.contains(text));
    }

    private List<String> filter(Function<String, Boolean> test) {
        return status.lines.stream().filter(test::apply).collect(Collectors.toList());
    }

    static void assertRetryDelayBetween(String line, long min, long maxExclusive) {
        Matcher matcher = RETRY_DELAY.matcher(line);
        assertThat(matcher.find()).as("retry delay in '%s'", line).isTrue();
        assertThat(Long.parseLong(matcher.group(1))).isGreaterThanOrEqualTo(min).isLessThan(maxExclusive);
    }

    static String googleError(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    static String threadKey(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString())
                    .path("thread")
                    .path("threadKey")
                    .asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
