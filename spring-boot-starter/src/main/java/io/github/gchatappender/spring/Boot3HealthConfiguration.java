package io.github.gchatappender.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code googleChat} health indicator on Spring Boot 3 (the health API of {@code spring-boot-actuator}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.health.googlechat.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GoogleChatHealthProperties.class)
class Boot3HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "googleChatHealthIndicator")
    Boot3HealthIndicator googleChatHealthIndicator(GoogleChatHealthProperties properties) {
        return new Boot3HealthIndicator(properties.isAffectsOverallStatus());
    }
}
