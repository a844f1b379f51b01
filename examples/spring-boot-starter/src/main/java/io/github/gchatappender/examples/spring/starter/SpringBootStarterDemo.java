package io.github.gchatappender.examples.spring.starter;

import io.github.gchatappender.examples.DemoWebhook;
import io.github.gchatappender.examples.ShopTraffic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with the starter and no logging configuration: the starter attaches the
 * appender to Boot's logging system from one property, {@code google.chat.webhook-url}, here given by the
 * environment variable {@code GOOGLE_CHAT_WEBHOOK_URL}. Without that variable, the demo sets the
 * property to a local stand-in for Google Chat. The same application runs on Logback (this module) and
 * on Log4j2 ({@code examples/spring-boot-starter-log4j2}, which swaps Boot's logging starter and
 * changes nothing else). At the end it prints the starter's Micrometer meters. Arguments:
 * {@code --once}, {@code --port=N}.
 */
@SpringBootApplication
public class SpringBootStarterDemo {

    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        try (DemoWebhook webhook = DemoWebhook.choose(args, System.out)) {
            SpringApplication application = new SpringApplication(SpringBootStarterDemo.class);
            webhook.localWebhookUrl()
                    .ifPresent(url -> application.setDefaultProperties(Map.of("google.chat.webhook-url", url)));
            LoggingSystem logging;
            try (ConfigurableApplicationContext context = application.run()) {
                logging = context.getBean(LoggingSystem.class); // The one Boot set up, which the starter follows.
                System.out.println("Logging system: " + logging.getClass().getSimpleName());
                ShopTraffic.run(name -> {
                    Logger logger = LoggerFactory.getLogger(name);
                    return (level, message, arguments) -> {
                        if (level.equals("ERROR")) {
                            logger.error(message, arguments);
                        } else if (level.equals("WARN")) {
                            logger.warn(message, arguments);
                        } else {
                            logger.info(message, arguments);
                        }
                    };
                });
                System.out.println(metersOnceDrained(context.getBean(MeterRegistry.class)));
            }
            // What Boot's shutdown hook does at exit: the logging system stops, and the appender with it.
            logging.getShutdownHandler().run();
            webhook.finish();
        }
    }

    /**
     * The starter's meters, as a dashboard shows them, once nothing is pending: the storm takes a few
     * seconds, since Chat takes one message per second.
     */
    private static String metersOnceDrained(MeterRegistry meters) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_PATIENCE.toNanos();
        while (meters.get("gchat.events.pending").gauge().value() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return "Meters: gchat.events accepted=" + count(meters, "gchat.events", "accepted")
                + ", delivered=" + count(meters, "gchat.events", "delivered")
                + ", dropped=" + count(meters, "gchat.events", "dropped")
                + ", pending="
                + (long) meters.get("gchat.events.pending").gauge().value()
                + "; gchat.requests sent=" + count(meters, "gchat.requests", "sent")
                + ", failed=" + count(meters, "gchat.requests", "failed")
                + ", retried=" + count(meters, "gchat.requests", "retried");
    }

    private static long count(MeterRegistry meters, String name, String outcome) {
        return (long) meters.get(name).tag("outcome", outcome).functionCounter().count();
    }
}
