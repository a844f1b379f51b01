package io.github.gchatappender.benchmarks;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.dispatch.ThreadKeys;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The dispatcher's work per event once it is off the queue: its thread key, then folding into that
 * group's open batch, over 100 groups with templated messages. Reported as events per second on
 * one thread (run with -t 1).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FoldBenchmark {

    private final ThreadKeys keys = new ThreadKeys("shop", "prod");
    private final Map<String, AlertBatch> open = new HashMap<>();
    private AlertEvent[] events;
    private int next;

    @Setup
    public void setUp() {
        ThrowableSnapshot thrown = ThrowableSnapshot.of(new IllegalStateException("inventory locked"));
        events = new AlertEvent[1000];
        for (int i = 0; i < events.length; i++) {
            events[i] = AlertEvent.builder()
                    .timestampMillis(i)
                    .level("ERROR")
                    .loggerName("com.acme.Service" + (i % 100))
                    .threadName("worker")
                    .message("Order " + i + " failed")
                    .messagePattern("Order {} failed")
                    .throwable(thrown)
                    .build();
        }
    }

    @Benchmark
    public Object fold() {
        AlertEvent event = events[next];
        next = (next + 1) % events.length;
        String key = keys.keyFor(event);
        AlertBatch batch = open.get(key);
        if (batch == null || batch.count() > 10_000) {
            // Sent and replaced in the real dispatcher; here a fresh batch keeps the work per event steady.
            batch = new AlertBatch(key, event, 0);
            open.put(key, batch);
        } else {
            batch.add(event);
        }
        return batch;
    }
}
