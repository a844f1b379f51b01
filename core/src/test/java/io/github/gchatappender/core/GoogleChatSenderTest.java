package io.github.gchatappender.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.InternalThreads;
import io.github.gchatappender.core.report.DeliveryStats;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sender against a real HTTP server on loopback: request shape, retries, failures, stop, counts. */
class GoogleChatSenderTest {

    static final String KEY = "AIzaSyKEY-value-1234";
    static final String TOKEN = "tOkEn-secret%3D";
    static final String PATH = "/v1/spaces/AAAA/messages";
    static final ObjectMapper JSON = new ObjectMapper();

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
        assertThat(status.all()).doesNotContain(KEY).doesNotContain(TOKEN).doesNotContain("tOkEn-secret=");
    }

    static String webhookUrl(int port) {
        return "http://localhost:" + port + PATH + "?key=" + KEY + "&token=" + TOKEN;
    }

    SenderSettings.Builder fast() {
        return SenderSettings.builder()
                .name("test")
                .webhookUrl(webhookUrl(chat.getPort()))
                .batchWindow(Duration.ofMillis(20))
                .messagesPerSecond(200.0)
                .shutdownTimeout(Duration.ofSeconds(5));
    }

    /** A backoff of 20 ms doubling to 100 ms, to go with {@link #fast()}; Google's cool-down. */
    static EngineParts fastParts() {
        return new EngineParts()
                .retry(new io.github.gchatappender.core.internal.dispatch.RetryTimings(
                        Duration.ofMillis(20),
                        Duration.ofMillis(100),
                        io.github.gchatappender.core.internal.dispatch.RetryTimings.GOOGLE.rejectionCooldown()));
    }

    static AlertEvent error(String logger, Throwable thrown, String message) {
        return AlertEvent.builder()
                .timestampMillis(System.currentTimeMillis())
                .level("ERROR")
                .loggerName(logger)
                .threadName("worker-1")
                .message(message)
                .throwable(ThrowableSnapshot.of(thrown))
                .build();
    }

    void start(SenderSettings.Builder settings) {
        sender = GoogleChatSender.start(settings.build(), status, fastParts());
    }

    List<LoggedRequest> requests() {
        return chat.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    }

    static JsonNode body(LoggedRequest request) throws IOException {
        return JSON.readTree(request.getBodyAsString());
    }

    /** Reads plain strings as events of {@code logger} without an exception. */
    static LogEventReader<String> reader(
            String logger, Function<String, String> template, Function<String, AlertEvent> snapshot) {
        return new LogEventReader<>() {
            @Override
            public String loggerName(String event) {
                return logger;
            }

            @Override
            public String exceptionClassName(String event) {
                return "";
            }

            @Override
            public String messageTemplate(String event) {
                return template.apply(event);
            }

            @Override
            public long timestampMillis(String event) {
                return System.currentTimeMillis();
            }

            @Override
            public AlertEvent snapshot(String event) {
                return snapshot.apply(event);
            }
        };
    }

    void assertBalanced(DeliveryStats stats) {
        assertThat(stats.getEventsAccepted())
                .isEqualTo(stats.getEventsDelivered() + stats.getEventsDropped() + stats.getEventsPending());
    }

    @Test
    void postsJsonWithThreadKeyAndKeepsTheUrlsParameters() throws IOException {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok("{\"name\":\"spaces/AAAA/messages/1\"}")));
        start(fast());

        sender.offer(error("com.acme.OrderService", new IllegalStateException("inventory locked"), "Order 42 failed"));
        await().until(() -> requests().size() == 1);

        LoggedRequest request = requests().get(0);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(request.getUrl())
                .isEqualTo(PATH + "?key=" + KEY + "&token=" + TOKEN
                        + "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
        JsonNode body = body(request);
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("text", "thread");
        assertThat(body.path("thread").path("threadKey").asText())
                .matches("OrderService\\.IllegalStateException-[0-9a-f]{12}");
        assertThat(body.path("text").asText())
                .contains(
                        "*ERROR*",
                        "IllegalStateException",
                        "Order 42 failed",
                        "inventory locked",
                        "com.acme.OrderService",
                        "worker-1");

        sender.stop();
        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(1);
        assertThat(stats.getEventsDelivered()).isEqualTo(1);
        assertThat(stats.getMessagesSent()).isEqualTo(1);
        assertThat(stats.getEventsPending()).isZero();
    }

    @Test
    void eventsOfOneGroupArrivingTogetherGoOutAsOneMessageAndGroupsNeverMix() throws IOException {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        // A window longer than the test: what is open when stop() comes is flushed then, so no timing luck.
        start(fast().batchWindow(Duration.ofMinutes(5)));

        for (int i = 0; i < 5; i++) {
            sender.offer(error("A", new IllegalStateException("boom " + i), "same failure"));
        }
        sender.offer(error("B", null, "other failure"));
        sender.stop();

        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(2);
        Set<String> keys = requests.stream().map(r -> key(r)).collect(Collectors.toSet());
        assertThat(keys).hasSize(2);
        String groupA = requests.stream()
                .map(GoogleChatSenderTest::text)
                .filter(t -> t.contains("same failure"))
                .findFirst()
                .orElseThrow();
        assertThat(groupA).contains("×5").doesNotContain("other failure");
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(6);
        assertThat(sender.stats().getMessagesSent()).isEqualTo(2);
    }

    /** Log4j2's ObjectMessage formats in getFormat(): reading an event's kind can throw, as its snapshot can. */
    @Test
    void anEventWhoseKindCannotBeReadIsCountedAsUnreadableAndNothingIsThrown() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast());
        LogEventReader<String> throwing = reader(
                "com.acme.A",
                event -> {
                    throw new IllegalStateException("toString() failed");
                },
                event -> {
                    throw new AssertionError("not reached");
                });

        assertThat(sender.offer("event", throwing)).isFalse();
        sender.stop();

        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(1);
        assertThat(stats.getEventsDropped()).isEqualTo(1);
        assertThat(stats.getEventsPending()).isZero();
    }

    /**
     * Copying an event in recursion that is about to overflow the stack: the StackOverflowError costs
     * that event, counted, never the caller; and the kind's counter it opened is given up, so that the
     * kind's next event is sent.
     */
    @Test
    void aStackOverflowWhileCopyingAnEventIsCountedNotThrownAndTheKindStillDelivers() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast());
        AtomicBoolean overflow = new AtomicBoolean(true);
        LogEventReader<String> reader = reader("com.acme.Deep", event -> event, event -> {
            if (overflow.getAndSet(false)) {
                throw new StackOverflowError();
            }
            return error("com.acme.Deep", null, event);
        });

        assertThat(sender.offer("Recursion failed", reader)).isFalse();
        assertThat(sender.offer("Recursion failed", reader))
                .as("queued: the counter was given up")
                .isTrue();
        sender.stop();

        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).as("%s", stats).isEqualTo(2);
        assertThat(stats.getEventsDropped()).as("%s", stats).isEqualTo(1);
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(1);
        assertThat(requests()).hasSize(1);
    }

    /**
     * A caller descheduled in the middle of offer() while the sender stops: the counts that stop()
     * leaves show nothing pending, before and after the caller comes back.
     */
    @Test
    void aCallerHeldInsideOfferWhileTheSenderStopsLeavesNothingPending() throws InterruptedException {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        LogEventReader<String> held = reader("com.acme.A", event -> event, event -> {
            inside.countDown();
            try {
                resume.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return error("com.acme.A", null, event);
        });
        AtomicBoolean taken = new AtomicBoolean(true);
        Thread caller = new Thread(() -> taken.set(sender.offer("held", held)));
        caller.start();
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        sender.stop();
        DeliveryStats afterStop = sender.stats();
        resume.countDown();
        caller.join();
        DeliveryStats afterCaller = sender.stats();

        assertThat(afterStop.getEventsPending())
                .as("right after stop: %s", afterStop)
                .isZero();
        assertThat(taken).as("the event came too late").isFalse();
        assertThat(afterCaller.getEventsPending()).as("%s", afterCaller).isZero();
        assertThat(afterCaller.getEventsAccepted())
                .isEqualTo(afterCaller.getEventsDropped())
                .isEqualTo(1);
    }

    @Test
    void theFirstEventOfAQuietGroupArrivesWithinTwoSecondsWithDefaultSettings() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(SenderSettings.builder().name("defaults").webhookUrl(webhookUrl(chat.getPort())));

        long offeredAt = System.nanoTime();
        sender.offer(error("A", new IllegalStateException("x"), "first"));
        await().atMost(Duration.ofSeconds(2)).until(() -> requests().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - offeredAt)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void retriesServiceUnavailableThenDelivers() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody(googleError(503, "UNAVAILABLE", "The service is currently unavailable.")))
                .willSetStateTo("second"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("third"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("third")
                .willReturn(ok()));
        start(fast());

        sender.offer(error("A", new IllegalStateException("x"), "flaky"));
        sender.stop();

        assertThat(requests()).hasSize(3);
        assertThat(requests().stream().map(LoggedRequest::getBodyAsString).distinct())
                .hasSize(1);
        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsDelivered()).isEqualTo(1);
        assertThat(stats.getRequestsFailed()).isEqualTo(2);
        assertThat(stats.getRequestsRetried()).isEqualTo(2);
        assertThat(stats.getEventsDropped()).isZero();
        assertThat(status.all()).contains("503 UNAVAILABLE");
    }

    @Test
    void honoursRetryAfterOnTooManyRequests() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("quota")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withBody(googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded")))
                .willSetStateTo("ok"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("quota")
                .whenScenarioStateIs("ok")
                .willReturn(ok()));
        start(fast());

        sender.offer(error("A", null, "over quota"));
        await().until(() -> requests().size() == 2);

        List<LoggedRequest> requests = requests();
        long gapMillis = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gapMillis).isGreaterThanOrEqualTo(900);
        assertThat(status.all()).contains("429 RESOURCE_EXHAUSTED");
    }

    @Test
    void givesUpAfterMaxRetriesAndCountsTheEventsAsDropped() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        start(fast().maxRetries(2));

        sender.offer(error("A", null, "one"));
        sender.offer(error("A", null, "two"));
        await().until(() -> sender.stats().getEventsDropped() == 2);

        assertThat(requests()).hasSize(3);
        DeliveryStats stats = sender.stats();
        assertThat(stats.getRequestsFailed()).isEqualTo(3);
        assertThat(stats.getRequestsRetried()).isEqualTo(2);
        assertThat(status.all()).contains("dropped after 3 attempts", "HTTP 500", "2 events lost");
        assertBalanced(stats);
    }

    @ParameterizedTest
    @CsvSource({
        "400, INVALID_ARGUMENT, Invalid JSON payload received.",
        "401, UNAUTHENTICATED, Request had invalid authentication credentials.",
        "403, PERMISSION_DENIED, The caller does not have permission",
        "404, NOT_FOUND, Requested entity was not found."
    })
    void neverRetriesPermanentFailuresAndReportsThemWithGooglesStatus(int code, String googleStatus, String message) {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(code)
                        .withHeader("Content-Type", "application/json")
                        .withBody(googleError(code, googleStatus, message))));
        start(fast());

        sender.offer(error("A", new IllegalStateException("x"), "rejected"));
        sender.stop();

        assertThat(requests()).hasSize(1);
        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsDropped()).isEqualTo(1);
        assertThat(stats.getRequestsRetried()).isZero();
        assertThat(status.lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("ERROR")
                        .contains(code + " " + googleStatus)
                        .contains(message));
        if (code != 400) {
            assertThat(status.all()).contains("check webhookUrl", "key=***&token=***");
        }
    }

    @Test
    void doesNotFollowRedirects() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "http://localhost:1/elsewhere")));
        start(fast());

        sender.offer(error("A", null, "redirected"));
        sender.stop();

        assertThat(requests()).hasSize(1);
        assertThat(sender.stats().getEventsDropped()).isEqualTo(1);
        assertThat(status.all()).contains("redirects are not followed");
    }

    @Test
    void aRequestThatTimesOutIsRetried() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ok().withFixedDelay(2_000))
                .willSetStateTo("fast"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("slow")
                .whenScenarioStateIs("fast")
                .willReturn(ok()));
        start(fast().requestTimeout(Duration.ofMillis(300)));

        sender.offer(error("A", null, "slow"));
        await().until(() -> sender.stats().getEventsDelivered() == 1);

        assertThat(sender.stats().getRequestsFailed()).isEqualTo(1);
        assertThat(status.all()).contains("HttpTimeoutException");
    }

    @Test
    void aConnectionResetIsRetried() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("reset")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("ok"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("reset")
                .whenScenarioStateIs("ok")
                .willReturn(ok()));
        start(fast());

        sender.offer(error("A", null, "reset"));
        sender.stop();

        assertThat(sender.stats().getEventsDelivered()).isEqualTo(1);
        assertThat(sender.stats().getRequestsRetried()).isEqualTo(1);
    }

    @Test
    void stopIsBoundedWhenTheWebhookNeverAnswers() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok().withFixedDelay(30_000)));
        start(fast().shutdownTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(30)));

        sender.offer(error("A", null, "hanging"));
        sender.offer(error("B", null, "queued behind"));
        await().until(() -> requests().size() == 1);

        long stopStarted = System.nanoTime();
        sender.stop();
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStarted);

        assertThat(stopTook).isLessThan(Duration.ofMillis(2_500));
        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsPending()).isZero();
        assertThat(stats.getEventsDropped()).isEqualTo(2);
        assertThat(status.all()).contains("2 events were not delivered to Google Chat before shutdownTimeout");
    }

    @Test
    void aRefusedConnectionNeverBlocksTheCallerAndStopIsBounded() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        sender = GoogleChatSender.start(
                fast().webhookUrl(webhookUrl(closedPort))
                        .shutdownTimeout(Duration.ofSeconds(1))
                        .queueSize(100)
                        .build(),
                status,
                fastParts());

        long offerStarted = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            sender.offer(error("A", new IllegalStateException("x"), "refused " + i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - offerStarted)).isLessThan(Duration.ofSeconds(1));

        long stopStarted = System.nanoTime();
        sender.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(Duration.ofMillis(2_500));
        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsAccepted()).isEqualTo(1_000);
        assertThat(stats.getEventsDelivered()).isZero();
        assertThat(stats.getEventsDropped()).isEqualTo(1_000);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(status.all()).contains("ConnectException");
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        SenderSettings settings = fast().queueSize(10).build();
        sender = new GoogleChatSender(
                settings,
                status,
                fastParts()
                        .transport(new io.github.gchatappender.core.internal.transport.JdkHttpTransport(
                                io.github.gchatappender.core.internal.transport.WebhookUrl.parse(
                                        settings.transport().webhookUrl()),
                                Duration.ofSeconds(5))));

        // Nothing drains yet: the first 10 are queued, the other 40 dropped at once.
        for (int i = 0; i < 50; i++) {
            assertThat(sender.offer(error("A", null, "flood " + i))).isEqualTo(i < 10);
        }
        DeliveryStats full = sender.stats();
        assertThat(full.getEventsAccepted()).isEqualTo(50);
        assertThat(full.getEventsDropped()).isEqualTo(40);
        assertThat(full.getEventsPending()).isEqualTo(10);

        sender.startDispatching();
        await().until(() -> status.all().contains("40 events dropped because the queue was full (queueSize=10)"));
        sender.stop();
        assertThat(requests()).hasSize(1);
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(10);
        assertThat(sender.stats().getEventsDropped()).isEqualTo(40);
        assertThat(sender.stats().getEventsPending()).isZero();
    }

    @Test
    void refusesEventsAfterStopAndStopIsIdempotent() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast());
        sender.offer(error("A", null, "before"));
        sender.stop();
        sender.stop();

        assertThat(sender.offer(error("A", null, "after"))).isFalse();
        assertThat(sender.stats().getEventsAccepted()).isEqualTo(1);
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(1);
    }

    @Test
    void stopFlushesOpenBatchesWithoutWaitingForTheirWindow() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast().batchWindow(Duration.ofMinutes(5)));

        sender.offer(error("A", null, "held"));
        sender.offer(error("B", null, "held too"));
        long stopStarted = System.nanoTime();
        sender.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(Duration.ofSeconds(2));
        assertThat(requests()).hasSize(2);
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(2);
    }

    @Test
    void exposesTheCountsAsAnMBeanWhileRunningOnly() throws Exception {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast().name("mbean-test"));
        sender.offer(error("A", null, "counted"));
        await().until(() -> sender.stats().getEventsDelivered() == 1);

        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name =
                new javax.management.ObjectName("io.github.gchatappender:type=GoogleChatAppender,name=mbean-test");
        assertThat(server.getAttribute(name, "EventsDelivered")).isEqualTo(1L);
        assertThat(server.getAttribute(name, "EventsAccepted")).isEqualTo(1L);
        assertThat(server.getMBeanInfo(name).getAttributes())
                .allSatisfy(attribute -> assertThat(String.valueOf(server.getAttribute(name, attribute.getName())))
                        .doesNotContain(TOKEN));

        sender.stop();
        assertThat(server.isRegistered(name)).isFalse();
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(1);
    }

    @Test
    void eventsLoggedOnTheAppendersOwnThreadsAreIgnored() throws InterruptedException {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast());
        Thread internal =
                new InternalThreads("test", "x").newThread(() -> sender.offer(error("A", null, "from inside")));
        internal.start();
        internal.join();
        sender.stop();

        assertThat(sender.stats().getEventsAccepted()).isZero();
        assertThat(requests()).isEmpty();
    }

    @Test
    void toStringMasksTheSecrets() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast());
        assertThat(sender.toString())
                .contains("key=***", "token=***")
                .doesNotContain(KEY)
                .doesNotContain(TOKEN);
    }

    static String googleError(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    static String key(LoggedRequest request) {
        try {
            return body(request).path("thread").path("threadKey").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String text(LoggedRequest request) {
        try {
            return body(request).path("text").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHugeRetryAfterNeitherKillsTheDispatcherNorStallsIt() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("odd")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "99999999999999"))
                .willSetStateTo("ok"));
        chat.stubFor(post(urlPathEqualTo(PATH))
                .inScenario("odd")
                .whenScenarioStateIs("ok")
                .willReturn(ok()));
        start(fast().maxRetries(0));

        sender.offer(error("A", null, "first, dropped without retry"));
        await().until(() -> sender.stats().getEventsDropped() == 1);
        sender.offer(error("B", null, "second, delivered"));
        await().until(() -> sender.stats().getEventsDelivered() == 1);
    }

    @Test
    void ifTheDispatcherDiesTheSenderRefusesEventsAndCountsWhatItHeld() {
        SenderSettings settings = fast().build();
        io.github.gchatappender.core.internal.transport.WebhookTransport dying =
                new io.github.gchatappender.core.internal.transport.WebhookTransport() {
                    @Override
                    public java.util.concurrent.CompletableFuture<
                                    io.github.gchatappender.core.internal.transport.WebhookResponse>
                            post(byte[] body, Duration timeout) {
                        throw new StackOverflowError("simulated");
                    }

                    @Override
                    public void close() {}
                };
        sender = GoogleChatSender.start(settings, status, fastParts().transport(dying));

        sender.offer(error("A", null, "held when the dispatcher dies"));
        await().until(() -> !sender.offer(error("A", null, "refused")));
        sender.stop();

        DeliveryStats stats = sender.stats();
        assertThat(stats.getEventsPending()).isZero();
        assertThat(stats.getEventsDropped()).isEqualTo(stats.getEventsAccepted());
        assertThat(status.all()).contains("The Google Chat dispatcher stopped: StackOverflowError");
    }

    @Test
    void aRuntimeFailureCostsOneMessageNotTheDispatcher() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        SenderSettings settings = fast().build();
        io.github.gchatappender.core.internal.transport.JdkHttpTransport real =
                new io.github.gchatappender.core.internal.transport.JdkHttpTransport(
                        io.github.gchatappender.core.internal.transport.WebhookUrl.parse(
                                settings.transport().webhookUrl()),
                        Duration.ofSeconds(5));
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        io.github.gchatappender.core.internal.transport.WebhookTransport flaky =
                new io.github.gchatappender.core.internal.transport.WebhookTransport() {
                    @Override
                    public java.util.concurrent.CompletableFuture<
                                    io.github.gchatappender.core.internal.transport.WebhookResponse>
                            post(byte[] body, Duration timeout) {
                        if (failedOnce.compareAndSet(false, true)) {
                            throw new IllegalStateException("simulated bug");
                        }
                        return real.post(body, timeout);
                    }

                    @Override
                    public void close() {
                        real.close();
                    }
                };
        sender = GoogleChatSender.start(settings, status, fastParts().transport(flaky));

        sender.offer(error("A", null, "lost to the bug"));
        await().until(() -> sender.stats().getEventsDropped() == 1);
        sender.offer(error("B", null, "delivered after it"));
        sender.stop();

        assertThat(sender.stats().getEventsDelivered()).isEqualTo(1);
        assertThat(status.all()).contains("IllegalStateException: simulated bug");
    }

    @Test
    void stopOnAnInterruptedThreadStillFlushesAndKeepsTheInterrupt() {
        chat.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok()));
        start(fast().batchWindow(Duration.ofMinutes(5)));
        sender.offer(error("A", null, "flushed although the stopping thread is interrupted"));

        Thread.currentThread().interrupt();
        sender.stop();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(requests()).hasSize(1);
        assertThat(sender.stats().getEventsDelivered()).isEqualTo(1);
    }

    @Test
    void aSecretEchoedByTheServerIsMaskedInEveryLineIncludingTheThrottlesSummaries() {
        chat.stubFor(post(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody(googleError(
                                503, "UNAVAILABLE", "upstream failed for " + "x".repeat(280) + " token=" + TOKEN))));
        start(fast().maxRetries(3));

        sender.offer(error("A", null, "echoed"));
        await().until(() -> sender.stats().getEventsDropped() == 1);
        sender.stop();

        assertThat(status.all()).contains("more like this").doesNotContain("tOkEn");
    }
}
