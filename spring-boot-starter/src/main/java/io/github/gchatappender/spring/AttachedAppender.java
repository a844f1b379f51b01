package io.github.gchatappender.spring;

import io.github.gchatappender.core.DeliveryStats;

import java.util.function.Supplier;

/** A Google Chat appender found in the logging system, attached by the starter or by XML. */
final class AttachedAppender {

    private final String name;
    private final Supplier<DeliveryStats> stats;

    AttachedAppender(String name, Supplier<DeliveryStats> stats) {
        this.name = name;
        this.stats = stats;
    }

    String name() {
        return name;
    }

    DeliveryStats stats() {
        return stats.get();
    }
}
