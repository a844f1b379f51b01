package io.github.gchatappender.spring;

import io.github.gchatappender.core.report.DeliveryStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters over the counts every Google Chat appender already keeps, with no second
 * bookkeeping: function counters and a gauge that read {@link DeliveryStats} when the registry
 * asks, each tagged with the appender's name.
 *
 * <ul>
 *   <li>{@code gchat.events}, tag {@code outcome}: {@code accepted}, {@code delivered}, {@code dropped};</li>
 *   <li>{@code gchat.events.pending}: a gauge, since pending goes down as well as up;</li>
 *   <li>{@code gchat.requests}, tag {@code outcome}: {@code sent}, {@code failed}, {@code retried}.</li>
 * </ul>
 * The appenders are those in the logging system when the registry binds, from the starter or from
 * XML. Each read finds the appender by name again, so a meter follows a reconfiguration that
 * replaced it, and never goes down: the counts of an appender replaced are carried over, and an
 * appender gone keeps its last counts (see {@link CumulativeCounts}).
 */
public final class GoogleChatMeters implements MeterBinder {

    /**
     * Per appender name, shared by every registry this binds to. Held by the registries through this bean,
     * which the context holds: no weak reference to lose.
     */
    private final Map<String, CumulativeCounts> counts = new ConcurrentHashMap<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        List<AttachedAppender> appenders = AttachedAppenders.current();
        for (AttachedAppender appender : appenders) {
            String name = appender.name();
            // Seen from now on, so that the counts of this appender are carried over if a scan replaces it first.
            counts(name).read(appenders);
            counter(
                    registry,
                    "gchat.events",
                    "accepted",
                    name,
                    "Events at or above the appender's level that it took in",
                    DeliveryStats::getEventsAccepted);
            counter(
                    registry,
                    "gchat.events",
                    "delivered",
                    name,
                    "Events in messages Google Chat accepted",
                    DeliveryStats::getEventsDelivered);
            counter(
                    registry,
                    "gchat.events",
                    "dropped",
                    name,
                    "Events that will never reach Google Chat",
                    DeliveryStats::getEventsDropped);
            Gauge.builder(
                            "gchat.events.pending",
                            this,
                            meters -> meters.counts(name).pending(appenders()))
                    .description("Events queued, in a batch, or in a request not yet answered")
                    .tag("appender", name)
                    .register(registry);
            counter(
                    registry,
                    "gchat.requests",
                    "sent",
                    name,
                    "Messages Google Chat accepted",
                    DeliveryStats::getMessagesSent);
            counter(
                    registry,
                    "gchat.requests",
                    "failed",
                    name,
                    "Requests that got no 2xx answer",
                    DeliveryStats::getRequestsFailed);
            counter(
                    registry,
                    "gchat.requests",
                    "retried",
                    name,
                    "Requests that repeated a failed one",
                    DeliveryStats::getRequestsRetried);
        }
    }

    private void counter(
            MeterRegistry registry,
            String meter,
            String outcome,
            String appender,
            String description,
            ToDoubleFunction<DeliveryStats> count) {
        FunctionCounter.builder(
                        meter,
                        this,
                        meters -> count.applyAsDouble(meters.counts(appender).read(appenders())))
                .description(description)
                .tag("appender", appender)
                .tag("outcome", outcome)
                .register(registry);
    }

    private CumulativeCounts counts(String appender) {
        return counts.computeIfAbsent(appender, CumulativeCounts::new);
    }

    private static List<AttachedAppender> appenders() {
        return AttachedAppenders.current();
    }
}
