package io.github.gchatappender.benchmarks;

import io.github.gchatappender.core.internal.dispatch.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The offer on the application's thread, with a consumer draining as a dispatcher would: the JDK's
 * bounded queues (the consumer waits in {@code poll}, so producers signal it) against
 * {@link EventQueue} (the consumer sleeps up to 50 ms or until the queue is half full). Run at 1
 * and 4 threads. Offers that find the queue full count like the others: a full queue is part of the
 * cost under a storm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class QueueBenchmark {

    private static final int CAPACITY = 1024;
    private static final Object EVENT = new Object();

    @Param({"ArrayBlockingQueue", "LinkedBlockingQueue", "EventQueue"})
    public String queue;

    private BlockingQueue<Object> jdk;
    private EventQueue<Object> ours;
    private Thread consumer;
    private volatile boolean running;

    @Setup
    public void setUp() {
        running = true;
        Runnable drain;
        if (queue.equals("EventQueue")) {
            ours = new EventQueue<>(CAPACITY);
            drain = () -> {
                List<Object> sink = new ArrayList<>();
                while (running) {
                    ours.drainTo(sink);
                    sink.clear();
                    ours.await(TimeUnit.MILLISECONDS.toNanos(50), CAPACITY / 2);
                }
            };
        } else {
            jdk = queue.equals("ArrayBlockingQueue")
                    ? new ArrayBlockingQueue<>(CAPACITY)
                    : new LinkedBlockingQueue<>(CAPACITY);
            drain = () -> {
                List<Object> sink = new ArrayList<>();
                try {
                    while (running) {
                        if (jdk.poll(50, TimeUnit.MILLISECONDS) != null) {
                            jdk.drainTo(sink);
                            sink.clear();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
        consumer = new Thread(drain, "queue-benchmark-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        running = false;
        if (ours != null) {
            ours.wake();
        }
        consumer.join();
    }

    @Benchmark
    public boolean offer(Outcomes outcomes) {
        boolean queued = ours != null ? ours.offer(EVENT) == EventQueue.Offer.QUEUED : jdk.offer(EVENT);
        if (queued) {
            outcomes.queued++;
        } else {
            outcomes.full++;
        }
        return queued;
    }

    /** How many offers found room and how many found the queue full: a fast "full" is not a fast queue. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcomes {
        public long queued;
        public long full;
    }
}
