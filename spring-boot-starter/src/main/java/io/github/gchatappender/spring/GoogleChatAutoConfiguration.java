package io.github.gchatappender.spring;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The beans of the starter. The appender itself is attached earlier, by {@link GoogleChatLoggingListener},
 * before any context exists; this adds what needs one: the properties as a bean (for Actuator's
 * {@code configprops}, which shows the URL masked), with Micrometer the meters, and with Actuator the
 * {@code googleChat} health indicator, in Boot 3's health API or in Boot 4's, whichever is present.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = GoogleChatProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(GoogleChatProperties.class)
@Import(HealthIndicatorSelector.class)
public class GoogleChatAutoConfiguration {

    /** Only with Micrometer on the class path; Boot's metrics auto-configuration binds it to each registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Meters {

        @Bean
        @ConditionalOnMissingBean
        GoogleChatMeters googleChatMeters() {
            return new GoogleChatMeters();
        }
    }
}
