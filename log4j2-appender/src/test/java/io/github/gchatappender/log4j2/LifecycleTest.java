package io.github.gchatappender.log4j2;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.gchatappender.testkit.Leaks.APPENDER_THREAD;
import static io.github.gchatappender.testkit.Leaks.SELECTOR_THREAD;
import static io.github.gchatappender.testkit.Leaks.appenderMBeans;
import static io.github.gchatappender.testkit.Leaks.awaitSelectorThreadsBackTo;
import static io.github.gchatappender.testkit.Leaks.liveThreads;
import static io.github.gchatappender.testkit.Leaks.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.gchatappender.core.report.DeliveryStats;
import io.github.gchatappender.testkit.ChatStub;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many reconfigurations keep one sender while the settings stay the same, create and release one
 * per switch when they change, and leave no thread, HTTP client or MBean behind after stop; Log4j2's
 * default shutdown hook flushes a JVM that just returns from main.
 */
class LifecycleTest {

    private static final Predicate<String> DISPATCHER_THREAD =
            name -> name.startsWith("gchat-appender-dispatcher-GoogleChat-");

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    final ChatStub chat = new ChatStub(server);
    Log4j2Configs.RecordedStatus status;
    LoggerContext context;
    long appenderThreadsBefore;
    long selectorThreadsBefore;
    Set<ObjectName> mbeansBefore;

    @BeforeEach
    void countBefore() throws Exception {
        status = Log4j2Configs.RecordedStatus.register();
        appenderThreadsBefore = liveThreads(APPENDER_THREAD);
        selectorThreadsBefore = liveThreads(SELECTOR_THREAD);
        mbeansBefore = appenderMBeans();
    }

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
        System.clearProperty("gchat.webhookUrl");
        status.unregister();
        assertThat(status.all()).doesNotContain(ChatStub.KEY).doesNotContain(ChatStub.TOKEN);
    }

    @Test
    void aHundredReconfigurationsWithTheSameSettingsKeepOneDispatcherAndReleaseEverythingOnStop() throws Exception {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());
        Thread dispatcher = onlyDispatcher();
        GoogleChatAppender appender = Log4j2Configs.appender(context);

        System.setProperty("gchat.webhookUrl", chat.webhookUrl());
        try {
            for (int i = 0; i < 100; i++) {
                context.reconfigure();
                GoogleChatAppender reconfigured = Log4j2Configs.appender(context);
                assertThat(reconfigured)
                        .as("cycle %d: %s", i, status.all())
                        .isNotNull()
                        .isNotSameAs(appender);
                appender = reconfigured;
                context.getLogger("com.acme.Lifecycle").error("cycle " + i);
                // The manager survives: the same dispatcher thread, alone, and one MBean.
                assertThat(threads(DISPATCHER_THREAD)).as("cycle %d", i).containsExactly(dispatcher);
                assertThat(appenderMBeans()).as("cycle %d", i).hasSize(mbeansBefore.size() + 1);
            }
        } finally {
            System.clearProperty("gchat.webhookUrl");
        }
        List<Thread> own = threads(APPENDER_THREAD.or(SELECTOR_THREAD));
        assertThat(own).allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
        long selectorThreadsDuring = liveThreads(SELECTOR_THREAD);
        context.stop();

        DeliveryStats stats = appender.getDeliveryStats();
        // A stopped Log4j2 appender still references its sender and HTTP client: let go of it.
        appender = null;

        // One sender all along: its counts cover every cycle. Events of one group within a batch
        // window share a message, so requests may be fewer than events.
        assertThat(stats.getEventsAccepted()).isEqualTo(100);
        assertThat(stats.getEventsDelivered()).as("%s", stats).isEqualTo(100);
        assertThat(stats.getEventsPending()).isZero();
        assertThat(chat.requests()).hasSizeBetween(1, 100);
        System.out.println("same settings: " + stats + ", " + chat.requests().size()
                + " requests; selector threads before " + selectorThreadsBefore + ", during " + selectorThreadsDuring);
        assertEverythingReleased();
    }

    /** As in Logback: a second {@code stop()} returns only when the first has delivered what was pending. */
    @Test
    void aSecondStopWaitsUntilTheFirstHasDeliveredWhatWasPending() throws Exception {
        chat.answerOkAfter(Duration.ofSeconds(2));
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());
        GoogleChatAppender appender = Log4j2Configs.appender(context);
        context.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 1);

        Thread first = new Thread(appender::stop, "first-stop");
        first.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !appender.isStarted());
        long start = System.nanoTime();
        appender.stop();
        long secondStopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(appender.getDeliveryStats().getEventsPending())
                .as("pending when the second stop returned after %d ms", secondStopMillis)
                .isZero();
        assertThat(appender.getDeliveryStats().getEventsDelivered()).isEqualTo(1);
        first.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(first.isAlive()).isFalse();
        System.out.println("the second stop returned after " + secondStopMillis + " ms");
    }

    /**
     * The appender of the configuration before shares its sender with the one after (same settings). Stopped
     * a second time, it must not release the shared sender again: that would stop the running appender's.
     */
    @Test
    void stoppingAReplacedAppenderAgainLeavesTheSharedSenderRunning() throws Exception {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());
        GoogleChatAppender before = Log4j2Configs.appender(context);
        System.setProperty("gchat.webhookUrl", chat.webhookUrl());
        try {
            context.reconfigure();
        } finally {
            System.clearProperty("gchat.webhookUrl");
        }
        GoogleChatAppender after = Log4j2Configs.appender(context);
        assertThat(after).isNotSameAs(before);
        assertThat(before.isStopped()).as("stopped by the reconfiguration").isTrue();

        before.stop();
        context.getLogger("com.acme.Orders").error("Order 43 failed");

        // Delivered, not only received: the answer is counted on the dispatcher thread a moment after the stub has it.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> after.getDeliveryStats().getEventsDelivered() == 1);
        assertThat(chat.requests()).hasSize(1);
    }

    /**
     * A sender that stops while the webhook hangs waits up to its {@code shutdownTimeout}. It must not wait
     * under Log4j2's JVM-wide manager lock: every appender that needs a manager meanwhile (here a
     * {@code <Routing>} appender's new route) would wait with it, on the application's thread.
     */
    @Test
    void aSenderStoppingWhileTheWebhookHangsDoesNotHoldUpAnotherAppendersNewRoute(@TempDir Path logs) throws Exception {
        chat.answerOkAfter(Duration.ofSeconds(30));
        System.setProperty("gchat.logs", logs.toString());
        System.setProperty("gchat.environment", "blue");
        Thread reconfiguration = null;
        try {
            context = Log4j2Configs.start("log4j2-gchat-routing.xml", chat.webhookUrl());
            context.getLogger("com.acme.Orders").error("Order 42 failed");
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 1);

            // A changed environment: the new configuration gets a sender of its own, and the old one stops.
            System.setProperty("gchat.webhookUrl", chat.webhookUrl());
            System.setProperty("gchat.environment", "green");
            reconfiguration = new Thread(context::reconfigure, "reconfiguration");
            reconfiguration.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> status.all().contains("Shutting down GoogleChatManager"));

            long start = System.nanoTime();
            ThreadContext.put("tenant", "acme");
            try {
                context.getLogger("com.acme.Tenants").info("tenant acme signed in");
            } finally {
                ThreadContext.remove("tenant");
            }
            long infoMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("log.info() with a new route, while the old sender stopped: " + infoMillis + " ms");

            reconfiguration.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(reconfiguration.isAlive()).isFalse();
            assertThat(logs.resolve("acme.log")).hasContent("tenant acme signed in");
            assertThat(infoMillis).isLessThan(1000);
        } finally {
            System.clearProperty("gchat.logs");
            System.clearProperty("gchat.environment");
        }
    }

    /** {@code LoggerContext.stop(timeout)} bounds the flush, also when the appender's own shutdownTimeout is longer. */
    @Test
    void aStopTimeoutThatLog4j2PassesIsHonoured() {
        chat.answerOkAfter(Duration.ofSeconds(30));
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl()); // shutdownTimeout 5 seconds
        GoogleChatAppender appender = Log4j2Configs.appender(context);
        context.getLogger("com.acme.Orders").error("Order 42 failed");
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 1);

        long start = System.nanoTime();
        context.stop(1, TimeUnit.SECONDS);
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("stop(1 s) with the webhook hanging and shutdownTimeout 5 s: " + stopMillis + " ms");

        // One second, and at worst the sender's one second of grace to interrupt its dispatcher.
        assertThat(stopMillis).isLessThan(2500);
        DeliveryStats stats = appender.getDeliveryStats();
        assertThat(stats.getEventsPending()).as("%s", stats).isZero();
        assertThat(stats.getEventsDropped()).as("%s", stats).isEqualTo(1);
    }

    @Test
    void twentySwitchesBetweenDifferentSettingsCreateAndReleaseOneSenderEach() throws Exception {
        chat.answerOk();
        URI plain = Log4j2Configs.class.getResource("/log4j2-gchat.xml").toURI();
        URI card = Log4j2Configs.class.getResource("/log4j2-gchat-card.xml").toURI();
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());
        // Final counts only: a stopped Log4j2 appender still references its sender and HTTP client.
        List<DeliveryStats> finalStats = new ArrayList<>();
        GoogleChatAppender current = Log4j2Configs.appender(context);
        Thread dispatcher = onlyDispatcher();
        long mostAppenderThreads = 0;

        System.setProperty("gchat.webhookUrl", chat.webhookUrl());
        try {
            for (int i = 0; i < 20; i++) {
                context.setConfigLocation(i % 2 == 0 ? card : plain);
                GoogleChatAppender appender = Log4j2Configs.appender(context);
                assertThat(appender)
                        .as("cycle %d: %s", i, status.all())
                        .isNotNull()
                        .isNotSameAs(current);
                assertThat(current.isStopped())
                        .as("cycle %d: previous appender stopped", i)
                        .isTrue();
                finalStats.add(current.getDeliveryStats());
                current = appender;
                // The old configuration stopped before setConfigLocation returned: its sender, flushed, is gone.
                assertThat(dispatcher.isAlive())
                        .as("cycle %d: previous dispatcher", i)
                        .isFalse();
                Thread next = onlyDispatcher();
                assertThat(next).isNotSameAs(dispatcher);
                dispatcher = next;
                assertThat(appenderMBeans()).as("cycle %d", i).hasSize(mbeansBefore.size() + 1);
                context.getLogger("com.acme.Lifecycle").error("switch " + i);
                mostAppenderThreads = Math.max(mostAppenderThreads, liveThreads(APPENDER_THREAD));
            }
        } finally {
            System.clearProperty("gchat.webhookUrl");
        }
        context.stop();
        finalStats.add(current.getDeliveryStats());
        current = null;

        // Each sender had one event, flushed when its configuration was replaced (or at the final stop).
        assertThat(chat.requests()).hasSize(20);
        assertThat(finalStats).hasSize(21);
        assertThat(finalStats.stream()
                        .mapToLong(DeliveryStats::getEventsDelivered)
                        .sum())
                .isEqualTo(20);
        assertThat(finalStats.stream()
                        .mapToLong(DeliveryStats::getEventsDropped)
                        .sum())
                .isZero();
        // The settings really alternated: a card after each switch to the card configuration, text otherwise.
        List<LoggedRequest> requests = chat.requests();
        for (int i = 0; i < 20; i++) {
            assertThat(ChatStub.body(requests.get(i)).has("cardsV2"))
                    .as("request %d", i)
                    .isEqualTo(i % 2 == 0);
        }
        System.out.println("switching settings: most gchat-appender threads alive at once " + mostAppenderThreads
                + " (before " + appenderThreadsBefore + ")");
        assertEverythingReleased();
    }

    @Test
    void aStoppedAppenderThatIsStillReferencedHoldsNoHttpClientThread() throws Exception {
        chat.answerOk();
        context = Log4j2Configs.start("log4j2-gchat.xml", chat.webhookUrl());
        GoogleChatAppender kept = Log4j2Configs.appender(context);
        context.getLogger("com.acme.A").error("sent before stop");
        await().until(() -> chat.requests().size() == 1);

        context.stop();

        assertThat(kept.getDeliveryStats().getEventsDelivered()).isEqualTo(1);
        awaitSelectorThreadsBackTo(selectorThreadsBefore);
        assertThat(kept.isStopped()).isTrue(); // Keeps the appender reachable until here.
    }

    /** A plain application: the test class path without the Servlet API that WireMock's Jetty brings. */
    @Test
    void log4j2sDefaultShutdownHookFlushesAnErrorLoggedJustBeforeMainReturns() throws Exception {
        chat.answerOk();

        String output = runReturningFromMain(classPathWithoutServletApi());

        // Still in its batch window when main returned: only the hook's stop can have sent it.
        assertThat(output)
                .contains(
                        "servlet API on the class path: false",
                        "Log4j2 shutdown hook enabled: true",
                        "accepted=1, delivered=0, dropped=0, pending=1");
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 1);
        assertThat(ChatStub.message(chat.requests().get(0))).as(output).isEqualTo("logged just before main returns");
    }

    /**
     * With jakarta.servlet.Servlet or javax.servlet.Servlet on the class path, Log4j2 takes the JVM for a
     * web application (log4j2.is.webapp) and its shutdown hook is off by default (log4j.shutdownHookEnabled):
     * nothing stops the context at exit, and the error dies with the appender's daemon threads.
     */
    @Test
    void withTheServletApiOnTheClassPathLog4j2RegistersNoShutdownHookAndTheErrorIsLost() throws Exception {
        chat.answerOk();

        String output = runReturningFromMain(System.getProperty("java.class.path"));

        assertThat(output)
                .contains(
                        "servlet API on the class path: true",
                        "Log4j2 shutdown hook enabled: false",
                        "accepted=1, delivered=0, dropped=0, pending=1");
        // The JVM is gone; watch a little longer in case a request was still on its way.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> chat.requests().isEmpty());
    }

    private String runReturningFromMain(String classPath) throws Exception {
        Process jvm = new ProcessBuilder(
                        new File(System.getProperty("java.home"), "bin/java").getPath(),
                        "-Dgchat.webhookUrl=" + chat.webhookUrl(),
                        "-cp",
                        classPath,
                        DefaultShutdownHookRun.class.getName())
                .redirectErrorStream(true)
                .start();
        jvm.getOutputStream().close();
        // Read to the end, so that a chatty JVM never blocks on a full pipe.
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(jvm.exitValue()).as(output).isZero();
        return output;
    }

    private static String classPathWithoutServletApi() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !holdsServletApi(new File(entry)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean holdsServletApi(File entry) {
        List<String> servlet = List.of("jakarta/servlet/Servlet.class", "javax/servlet/Servlet.class");
        if (entry.isDirectory()) {
            return servlet.stream().anyMatch(name -> new File(entry, name).exists());
        }
        try (JarFile jar = new JarFile(entry)) {
            return servlet.stream().anyMatch(name -> jar.getEntry(name) != null);
        } catch (IOException notAJar) {
            return false;
        }
    }

    private void assertEverythingReleased() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(liveThreads(APPENDER_THREAD)).isLessThanOrEqualTo(appenderThreadsBefore));
        assertThat(appenderMBeans()).isEqualTo(mbeansBefore);
        awaitSelectorThreadsBackTo(selectorThreadsBefore);
    }

    private Thread onlyDispatcher() {
        List<Thread> dispatchers = threads(DISPATCHER_THREAD);
        assertThat(dispatchers).hasSize(1);
        return dispatchers.get(0);
    }
}
