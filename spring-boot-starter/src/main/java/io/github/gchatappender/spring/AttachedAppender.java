package io.github.gchatappender.spring;

import io.github.gchatappender.core.ChannelHealth;
import io.github.gchatappender.core.DeliveryStats;
import java.util.function.Supplier;

/** A Google Chat appender found in the logging system, attached by the starter or by XML. */
final class AttachedAppender {

    private final String name;
    private final Supplier<DeliveryStats> stats;
    private final Supplier<ChannelHealth> health;

    AttachedAppender(String name, Supplier<DeliveryStats> stats, Supplier<ChannelHealth> health) {
        this.name = name;
        this.stats = stats;
        this.health = health;
    }

    String name() {
        return name;
    }

    DeliveryStats stats() {
        return stats.get();
    }

    ChannelHealth health() {
        return health.get();
    }
}
