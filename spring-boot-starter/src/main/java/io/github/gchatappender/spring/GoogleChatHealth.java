package io.github.gchatappender.spring;

import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code googleChat} health, whatever Boot's health API: the worst state of the Google Chat
 * appenders in the logging system, with each one's details. Never names the webhook's key or token.
 *
 * <ul>
 *   <li>{@code REJECTED} while a webhook is rejected (401, 403, 404), with Google's reason;</li>
 *   <li>{@code DROPPING} while events were dropped in the last minute (queue full, retries spent);</li>
 *   <li>{@code UP} otherwise, also before anything was sent, and when no appender is attached.</li>
 * </ul>
 * {@code REJECTED} and {@code DROPPING} are not in Boot's status order, so Boot's aggregation leaves them
 * out: a failing alert channel never turns the application's own health to 503, which would make an
 * orchestrator restart or unroute a service that works. With {@code affectsOverallStatus} they are Boot's
 * {@code DOWN} and {@code OUT_OF_SERVICE} instead, and count.
 */
final class GoogleChatHealth {

    private final String status;
    private final Map<String, Object> details;

    private GoogleChatHealth(String status, Map<String, Object> details) {
        this.status = status;
        this.details = details;
    }

    /** @param affectsOverallStatus whether the states are Boot's {@code DOWN} and {@code OUT_OF_SERVICE} */
    static GoogleChatHealth now(boolean affectsOverallStatus) {
        List<AttachedAppender> appenders = AttachedAppenders.current();
        ChannelHealth.Status worst = ChannelHealth.Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (AttachedAppender appender : appenders) {
            ChannelHealth health = appender.health();
            DeliveryStats stats = appender.stats();
            if (health.status().compareTo(worst) > 0) {
                worst = health.status();
            }
            Map<String, Object> of = new LinkedHashMap<>();
            of.put("status", code(health.status(), affectsOverallStatus));
            if (health.rejection() != null) {
                of.put("reason", health.rejection());
            }
            if (health.lastDropMillis() > 0) {
                of.put("lastDrop", Instant.ofEpochMilli(health.lastDropMillis()).toString());
            }
            of.put("accepted", stats.getEventsAccepted());
            of.put("delivered", stats.getEventsDelivered());
            of.put("dropped", stats.getEventsDropped());
            of.put("pending", stats.getEventsPending());
            details.put(appender.name(), of);
        }
        return new GoogleChatHealth(code(worst, affectsOverallStatus), details);
    }

    private static String code(ChannelHealth.Status status, boolean affectsOverallStatus) {
        switch (status) {
            case REJECTED:
                return affectsOverallStatus ? "DOWN" : "REJECTED";
            case DROPPING:
                return affectsOverallStatus ? "OUT_OF_SERVICE" : "DROPPING";
            default:
                return "UP";
        }
    }

    /** {@code UP}, {@code REJECTED} or {@code DROPPING}; or Boot's {@code DOWN} and {@code OUT_OF_SERVICE} for the last two. */
    String status() {
        return status;
    }

    /** Per appender name: its status, reason, last drop and counts. */
    Map<String, Object> details() {
        return details;
    }
}
