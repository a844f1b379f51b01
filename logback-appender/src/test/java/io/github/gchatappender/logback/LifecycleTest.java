package io.github.gchatappender.logback;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.gchatappender.testkit.Leaks.APPENDER_THREAD;
import static io.github.gchatappender.testkit.Leaks.SELECTOR_THREAD;
import static io.github.gchatappender.testkit.Leaks.appenderMBeans;
import static io.github.gchatappender.testkit.Leaks.awaitSelectorThreadsBackTo;
import static io.github.gchatappender.testkit.Leaks.liveThreads;
import static io.github.gchatappender.testkit.Leaks.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.gchatappender.testkit.ChatStub;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starting and stopping many times releases everything (threads, HTTP clients, MBeans), and a JVM
 * that just returns from main flushes only when the context is stopped by a shutdown hook.
 */
class LifecycleTest {

    private static final int CYCLES = 100;

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    final ChatStub chat = new ChatStub(server);
    LoggerContext context;

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
        System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
    }

    @Test
    void aHundredResetsAndReconfigurationsLeaveNoThreadNoClientAndNoMBeanBehind() throws Exception {
        chat.answerOk();
        long appenderThreadsBefore = liveThreads(APPENDER_THREAD);
        long selectorThreadsBefore = liveThreads(SELECTOR_THREAD);
        Set<ObjectName> mbeansBefore = appenderMBeans();
        context = LogbackConfigs.newContext("lifecycle");
        List<GoogleChatAppender> appenders = new ArrayList<>();
        Set<String> sampled = new TreeSet<>();
        List<String> mostAppenderThreads = List.of();
        long mostSelectorThreads = 0;

        for (int i = 0; i < CYCLES; i++) {
            List<Thread> previousDispatchers = threads(name -> name.startsWith("gchat-appender-dispatcher-"));
            context.reset();
            // Stopping joins the dispatcher: the previous cycle's is gone as soon as reset() returns.
            assertThat(previousDispatchers).as("cycle %d", i).noneMatch(Thread::isAlive);
            configure(context, "logback-gchat.xml", chat.webhookUrl());
            GoogleChatAppender appender = LogbackConfigs.appender(context);
            assertThat(appender.isStarted())
                    .as("cycle %d: %s", i, LogbackConfigs.statusText(context))
                    .isTrue();
            appenders.add(appender);

            context.getLogger("com.acme.Lifecycle").error("cycle " + i);
            if (i % 10 == 0) {
                // Let the message go out, so that the HTTP client's threads exist when sampled.
                int sent = i + 1;
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> chat.requests().size() == sent);
            }
            List<Thread> own = threads(APPENDER_THREAD.or(SELECTOR_THREAD));
            assertThat(own)
                    .as("cycle %d", i)
                    .allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
            own.forEach(t -> sampled.add(
                    t.getName().replaceAll("-\\d+$", "-<n>").replaceAll("HttpClient-\\d+-", "HttpClient-<n>-")));
            List<String> appenderThreads = threads(APPENDER_THREAD).stream()
                    .map(Thread::getName)
                    .sorted()
                    .collect(Collectors.toList());
            mostSelectorThreads = Math.max(mostSelectorThreads, liveThreads(SELECTOR_THREAD));
            if (appenderThreads.size() > mostAppenderThreads.size()) {
                mostAppenderThreads = appenderThreads;
            }
        }
        context.stop();

        assertThat(chat.requests()).hasSize(CYCLES);
        assertThat(appenders.stream()
                        .mapToLong(a -> a.getDeliveryStats().getEventsDelivered())
                        .sum())
                .isEqualTo(CYCLES);
        assertThat(appenders.stream()
                        .mapToLong(a -> a.getDeliveryStats().getEventsDropped())
                        .sum())
                .isZero();
        // Every role the appender runs was seen, each of them a daemon.
        assertThat(sampled)
                .contains("gchat-appender-dispatcher-GOOGLE_CHAT-<n>", "HttpClient-<n>-SelectorManager")
                .anyMatch(name -> name.startsWith("gchat-appender-http-client"));
        System.out.println("most gchat-appender threads alive at once: " + mostAppenderThreads + ", before: "
                + appenderThreadsBefore
                + "; most HttpClient selector threads: " + mostSelectorThreads + ", before: " + selectorThreadsBefore
                + ", after the loop: " + liveThreads(SELECTOR_THREAD));
        // Threads never pile up: one sender's dispatcher, its hostname lookup and a few HTTP threads, some
        // of them still ending after shutdownNow() when the next sender starts (observed: 3 or 4).
        assertThat(mostAppenderThreads.size() - appenderThreadsBefore)
                .as("%s", mostAppenderThreads)
                .isLessThanOrEqualTo(6);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(liveThreads(APPENDER_THREAD)).isLessThanOrEqualTo(appenderThreadsBefore));
        assertThat(appenderMBeans()).isEqualTo(mbeansBefore);
        awaitSelectorThreadsBackTo(selectorThreadsBefore);
    }

    /**
     * Spring's shutdown and a JVM shutdown hook can stop the same appender from two threads. The second
     * {@code stop()} must not return while the first still delivers: whoever called it reads the counts
     * next, or lets the JVM exit.
     */
    @Test
    void aSecondStopWaitsUntilTheFirstHasDeliveredWhatWasPending() throws Exception {
        chat.answerOkAfter(Duration.ofSeconds(2));
        context = LogbackConfigs.configure("logback-gchat.xml", chat.webhookUrl());
        GoogleChatAppender appender = LogbackConfigs.appender(context);
        context.getLogger("com.acme.Orders").error("Order 42 failed");
        // The message is on its way; the webhook answers it 2 s after it arrived.
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

    @Test
    void withShutdownHookAnErrorLoggedJustBeforeMainReturnsIsDelivered() throws Exception {
        chat.answerOk();

        String output = runReturningFromMain("logback-gchat-hook.xml");

        await().atMost(Duration.ofSeconds(5)).until(() -> chat.requests().size() == 1);
        assertThat(ChatStub.message(chat.requests().get(0))).as(output).isEqualTo("logged just before main returns");
        // The event was still waiting in its batch window when main returned: the hook flushed it.
        assertThat(output).contains("delivered=0, dropped=0, pending=1");
    }

    /** Why the README asks for {@code <shutdownHook/>}: the appender's daemon threads die with the JVM. */
    @Test
    void withoutShutdownHookAnErrorLoggedJustBeforeMainReturnsIsLost() throws Exception {
        chat.answerOk();

        String output = runReturningFromMain("logback-gchat.xml");

        assertThat(output).contains("accepted=1, delivered=0, dropped=0, pending=1");
        // The JVM is gone; watch a little longer in case a request was still on its way.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> chat.requests().isEmpty());
    }

    private String runReturningFromMain(String resource) throws IOException, InterruptedException {
        Process jvm = new ProcessBuilder(
                        new File(System.getProperty("java.home"), "bin/java").getPath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReturnWithoutStopRun.class.getName(),
                        resource,
                        chat.webhookUrl())
                .redirectErrorStream(true)
                .start();
        jvm.getOutputStream().close();
        // Read to the end, so that a chatty JVM never blocks on a full pipe.
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(jvm.exitValue()).as(output).isZero();
        return output;
    }

    /** A fresh configurator on the given context, with the URL in GOOGLE_CHAT_WEBHOOK_URL only while it runs. */
    private static void configure(LoggerContext context, String resource, String webhookUrl) throws JoranException {
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", webhookUrl);
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LifecycleTest.class.getResource("/" + resource));
        } finally {
            System.clearProperty("GOOGLE_CHAT_WEBHOOK_URL");
        }
    }
}
