package io.github.gchatappender.spring;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The {@code googleChat} indicator for Spring Boot 3 ({@code org.springframework.boot.actuate.health}). */
final class Boot3HealthIndicator extends AbstractHealthIndicator {

    private final boolean affectsOverallStatus;

    Boot3HealthIndicator(boolean affectsOverallStatus) {
        super("Google Chat health check failed");
        this.affectsOverallStatus = affectsOverallStatus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        GoogleChatHealth health = GoogleChatHealth.now(affectsOverallStatus);
        builder.status(new Status(health.status())).withDetails(health.details());
    }
}
