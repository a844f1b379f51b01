package io.github.gchatappender.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code googleChat} health indicator's settings, under {@code management.health.googlechat.}, where
 * Boot keeps each indicator's own ({@code management.health.googlechat.enabled=false} turns it off).
 */
@ConfigurationProperties(prefix = "management.health.googlechat")
public class GoogleChatHealthProperties {

    /**
     * Whether a rejected webhook or dropped alerts count in the application's overall health, as DOWN and
     * OUT_OF_SERVICE, which Boot answers with 503. Off by default: the alert channel is not something the
     * application needs to serve, and its state still shows as REJECTED or DROPPING at
     * /actuator/health/googleChat, in the details and in the meters.
     */
    private boolean affectsOverallStatus;

    public boolean isAffectsOverallStatus() {
        return affectsOverallStatus;
    }

    public void setAffectsOverallStatus(boolean affectsOverallStatus) {
        this.affectsOverallStatus = affectsOverallStatus;
    }
}
