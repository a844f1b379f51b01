package io.github.gchatappender.spring;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The {@code googleChat} indicator for Spring Boot 4 ({@code org.springframework.boot.health.contributor}). */
final class Boot4HealthIndicator extends AbstractHealthIndicator {

    private final boolean affectsOverallStatus;

    Boot4HealthIndicator(boolean affectsOverallStatus) {
        super("Google Chat health check failed");
        this.affectsOverallStatus = affectsOverallStatus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        GoogleChatHealth health = GoogleChatHealth.now(affectsOverallStatus);
        builder.status(new Status(health.status())).withDetails(health.details());
    }
}
