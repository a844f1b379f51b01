package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.report.DeliveryStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A million errors in ten seconds from eight threads in a hundred groups, against a server that
 * enforces Google's quota, with default settings. Not a timing test: it checks the request count
 * against elapsed time, the absence of 429, the memory retained and the balance of the counts, and
 * prints the figures docs/performance.md quotes.
 */
class LoadTest {

    static final int THREADS = 8;
    static final int EVENTS = 1_000_000;
    static final int GROUPS = 100;
    static final Duration STORM = Duration.ofSeconds(10);
    static final long MAX_HEAP_GROWTH = 64L << 20;

    @Test
    void aMillionErrorsInTenSecondsStayWithinQuotaMemoryAndCounts() throws Exception {
        RecordingStatus status = new RecordingStatus();
        try (QuotaEnforcingChatServer chat = QuotaEnforcingChatServer.start()) {
            long baseline = retainedHeap(true);
            GoogleChatSender sender = GoogleChatSender.start(
                    SenderSettings.builder()
                            .name("load")
                            .webhookUrl(chat.webhookUrl())
                            .build(),
                    status);
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(retainedHeap(false), Math::max);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            });
            sampler.setDaemon(true);
            sampler.start();

            long started = System.nanoTime();
            CountDownLatch done = new CountDownLatch(THREADS);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread producer = new Thread(() -> {
                    produce(sender, thread);
                    done.countDown();
                });
                producers.add(producer);
                producer.start();
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            double produceSeconds = (System.nanoTime() - started) / 1e9;
            sender.stop();
            double elapsed = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            long growth = Math.max(0, peak.get() - baseline);

            DeliveryStats stats = sender.stats();
            System.out.printf(
                    "LoadTest: %d events from %d threads in %.1f s (%d groups); %d requests in %.1f s, %d x 429;"
                            + " delivered %d, dropped %d, pending %d; retained heap growth %.1f MB%n",
                    stats.getEventsAccepted(),
                    THREADS,
                    produceSeconds,
                    GROUPS,
                    chat.requests(),
                    elapsed,
                    chat.tooManyRequests(),
                    stats.getEventsDelivered(),
                    stats.getEventsDropped(),
                    stats.getEventsPending(),
                    growth / 1048576.0);

            assertThat(stats.getEventsAccepted()).isEqualTo(EVENTS);
            assertThat(stats.getEventsDelivered() + stats.getEventsDropped()).isEqualTo(EVENTS);
            assertThat(stats.getEventsPending()).isZero();
            assertThat(chat.tooManyRequests()).isZero();
            assertThat((double) chat.requests()).isLessThanOrEqualTo(elapsed + 2);
            assertThat(growth).isLessThanOrEqualTo(MAX_HEAP_GROWTH);
        }
    }

    private static void produce(GoogleChatSender sender, int thread) {
        int perThread = EVENTS / THREADS;
        long nanosPerEvent = STORM.toNanos() / perThread;
        long start = System.nanoTime();
        for (int i = 0; i < perThread; i++) {
            int group = (thread * perThread + i) % GROUPS;
            sender.offer(AlertEvent.builder()
                    .timestampMillis(System.currentTimeMillis())
                    .level("ERROR")
                    .loggerName("com.acme.Service" + group)
                    .threadName("producer-" + thread)
                    .message("Request " + i + " failed")
                    .messagePattern("Request {} failed")
                    .build());
            long due = start + (i + 1) * nanosPerEvent;
            if ((i & 127) == 127 && due - System.nanoTime() > 0) {
                LockSupport.parkNanos(due - System.nanoTime()); // Pacing the producer over the ten seconds.
            }
        }
    }

    /** Heap retained after the last collection, summed over heap pools; after a full GC when asked. */
    private static long retainedHeap(boolean collectFirst) {
        if (collectFirst) {
            System.gc();
        }
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                retained += afterGc.getUsed();
            }
        }
        return retained;
    }
}
