package io.github.gchatappender.examples.spring;

import ch.qos.logback.classic.LoggerContext;
import io.github.gchatappender.examples.DemoWebhook;
import io.github.gchatappender.examples.ShopTraffic;
import io.github.gchatappender.logback.GoogleChatAppender;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with the appender in {@code logback-spring.xml}, which takes the webhook
 * URL from the Spring property {@code google.chat.webhook-url} through {@code <springProperty>}. In a
 * real application that property comes from {@code application.properties}, a secret store or the
 * environment variable {@code GOOGLE_CHAT_WEBHOOK_URL} (Spring's relaxed binding); here, without that
 * variable, the demo sets it to a local stand-in for Google Chat. Arguments: {@code --once},
 * {@code --port=N}.
 */
@SpringBootApplication
public class SpringBootDemo {

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** The demo, showing what it does on {@code console}. */
    static void run(String[] args, PrintStream console) throws Exception {
        try (DemoWebhook webhook = DemoWebhook.choose(args, console)) {
            SpringApplication application = new SpringApplication(SpringBootDemo.class);
            webhook.localWebhookUrl()
                    .ifPresent(url -> application.setDefaultProperties(Map.of("google.chat.webhook-url", url)));
            try (ConfigurableApplicationContext context = application.run()) {
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
            }
            // Spring Boot stops Logback in its shutdown hook; stopping here flushes before the counts are read.
            LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
            GoogleChatAppender appender = (GoogleChatAppender)
                    logback.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("GOOGLE_CHAT");
            logback.stop();
            webhook.finish(appender.getDeliveryStats());
        }
    }
}
