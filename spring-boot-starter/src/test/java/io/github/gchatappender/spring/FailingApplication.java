package io.github.gchatappender.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application whose startup fails in a bean, run in a JVM of its own: main(webhookUrl). */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class FailingApplication {

    @Bean
    Object database() {
        throw new IllegalStateException("Connection to jdbc:postgresql://db:5432/shop refused");
    }

    public static void main(String[] args) {
        SpringApplication.run(
                FailingApplication.class,
                "--google.chat.webhook-url=" + args[0],
                "--spring.application.name=shop",
                // The test class path has Tomcat, for the health tests: this one stays an application without a server.
                "--spring.main.web-application-type=none");
    }
}
