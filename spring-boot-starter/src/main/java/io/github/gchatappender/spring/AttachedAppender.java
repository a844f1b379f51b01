package io.github.gchatappender.spring;

import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import java.util.function.Supplier;

/** A Google Chat appender found in the logging system, attached by the starter or by XML. */
final class AttachedAppender {

    private final String name;
    private final Object counter;
    private final Supplier<DeliveryStats> stats;
    private final Supplier<ChannelHealth> health;

    /**
     * @param counter what keeps the counts, compared by identity: another one under the same name counts
     *     from 0 again (see {@link CumulativeCounts})
     */
    AttachedAppender(String name, Object counter, Supplier<DeliveryStats> stats, Supplier<ChannelHealth> health) {
        this.name = name;
        this.counter = counter;
        this.stats = stats;
        this.health = health;
    }

    String name() {
        return name;
    }

    /** Whether {@code other} reads the same counts as this one: a new count under the same name if not. */
    boolean sameCounter(AttachedAppender other) {
        return counter == other.counter;
    }

    DeliveryStats stats() {
        return stats.get();
    }

    ChannelHealth health() {
        return health.get();
    }
}
