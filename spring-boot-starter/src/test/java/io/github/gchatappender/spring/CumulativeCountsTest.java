package io.github.gchatappender.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.report.ChannelHealth;
import io.github.gchatappender.core.report.DeliveryStats;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The counts behind the meters never go down, whatever happens to the appenders of a name. */
class CumulativeCountsTest {

    private final CumulativeCounts counts = new CumulativeCounts("CHAT");

    @Test
    void aReplacedAppendersCountsAreCarriedOverAndHeldWhileNoneIsAttached() {
        Appender first = new Appender(new Object());
        first.counts.set(delivered(3));
        assertThat(counts.read(List.of(first.attached())).getEventsDelivered()).isEqualTo(3);
        first.counts.set(delivered(5)); // Counted after the last read, before it was stopped.

        assertThat(counts.read(List.of()).getEventsDelivered())
                .as("none attached")
                .isEqualTo(5);
        Appender second = new Appender(new Object());
        second.counts.set(delivered(1));
        assertThat(counts.read(List.of(second.attached())).getEventsDelivered()).isEqualTo(6);
        assertThat(counts.pending(List.of(second.attached()))).isZero();
    }

    /** Log4j2 after a change of settings: the same name, a new sender counting from 0. */
    @Test
    void aCounterThatGoesDownIsTakenAsANewOne() {
        Appender same = new Appender("CHAT");
        same.counts.set(delivered(4));
        assertThat(counts.read(List.of(same.attached())).getEventsDelivered()).isEqualTo(4);

        same.counts.set(delivered(1));
        assertThat(counts.read(List.of(same.attached())).getEventsDelivered()).isEqualTo(5);
        same.counts.set(delivered(2));
        assertThat(counts.read(List.of(same.attached())).getEventsDelivered()).isEqualTo(6);
    }

    private static DeliveryStats delivered(long n) {
        return new DeliveryStats(n, n, 0, n, 0, 0);
    }

    private static final class Appender {
        final Object counter;
        final AtomicReference<DeliveryStats> counts = new AtomicReference<>(delivered(0));

        Appender(Object counter) {
            this.counter = counter;
        }

        AttachedAppender attached() {
            return new AttachedAppender(
                    "CHAT", counter, counts::get, () -> new ChannelHealth(null, 0, System.currentTimeMillis()));
        }
    }
}
