package io.github.gchatappender.examples.spring.log4j2;

import io.github.gchatappender.examples.DemoWebhook;
import io.github.gchatappender.examples.ShopTraffic;
import io.github.gchatappender.log4j2.GoogleChatAppender;
import java.io.PrintStream;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application on {@code spring-boot-starter-log4j2}: {@code <GoogleChat>} in
 * {@code log4j2-spring.xml} takes the webhook URL from the Spring property
 * {@code google.chat.webhook-url} through Log4j2's {@code ${spring:…}} lookup. Without
 * {@code GOOGLE_CHAT_WEBHOOK_URL}, the demo sets that property to a local stand-in for Google Chat.
 * Arguments: {@code --once}, {@code --port=N}.
 */
@SpringBootApplication
public class SpringBootLog4j2Demo {

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** The demo, showing what it does on {@code console}. */
    static void run(String[] args, PrintStream console) throws Exception {
        try (DemoWebhook webhook = DemoWebhook.choose(args, console)) {
            SpringApplication application = new SpringApplication(SpringBootLog4j2Demo.class);
            webhook.localWebhookUrl()
                    .ifPresent(url -> application.setDefaultProperties(Map.of("google.chat.webhook-url", url)));
            try (ConfigurableApplicationContext context = application.run()) {
                ShopTraffic.run(name -> {
                    Logger logger = LogManager.getLogger(name);
                    return (level, message, arguments) -> logger.log(Level.valueOf(level), message, arguments);
                });
            }
            // Spring Boot stops Log4j2 in its shutdown hook; stopping here flushes before the counts are read.
            LoggerContext log4j2 = (LoggerContext) LogManager.getContext(false);
            GoogleChatAppender appender = log4j2.getConfiguration().getAppender("GoogleChat");
            log4j2.stop();
            webhook.finish(appender.getDeliveryStats());
        }
    }
}
