package io.github.gchatappender.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.github.gchatappender.core.report.DeliveryStats;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Run in a JVM of its own with -Djdk.httpclient.HttpClient.log=all: the JDK HTTP client logs every
 * request through JUL, the bridge hands that to Logback at DEBUG, and the appender takes DEBUG. The
 * appender must ignore what its own HTTP traffic logs, or each request would log events that make
 * more requests. Waits until every message has been given up (at most the milliseconds given), then prints
 * the final counts; the parent test checks them and the requests made.
 */
public final class RecursionScenario {

    private RecursionScenario() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("GOOGLE_CHAT_WEBHOOK_URL", args[0]);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(RecursionScenario.class.getResource("/logback-gchat-recursion.xml"));
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(Level.ALL);

        org.slf4j.Logger application = LoggerFactory.getLogger("com.acme.App");
        for (int i = 0; i < 3; i++) {
            application.error("application error " + i, new IllegalStateException("boom"));
        }
        application.debug("a debug line the appender takes too");
        GoogleChatAppender appender =
                (GoogleChatAppender) context.getLogger("ROOT").getAppender("GOOGLE_CHAT");
        // Let the retries against the failing webhook run their course, logging all the while: until every
        // message has been given up, however slowly this machine runs, within the time the parent gives.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1]));
        while (appender.getDeliveryStats().getEventsPending() > 0 && deadline - System.nanoTime() > 0) {
            Thread.sleep(20);
        }
        context.stop();
        DeliveryStats stats = appender.getDeliveryStats();
        System.out.println("STATS accepted=" + stats.getEventsAccepted() + " ignored=" + stats.getEventsIgnored()
                + " delivered=" + stats.getEventsDelivered() + " dropped=" + stats.getEventsDropped()
                + " pending=" + stats.getEventsPending());
    }
}
