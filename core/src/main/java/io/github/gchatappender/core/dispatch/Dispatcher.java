package io.github.gchatappender.core.dispatch;

import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.event.AlertBatch;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.SafeCut;
import io.github.gchatappender.core.render.MessageRenderer;
import io.github.gchatappender.core.render.RenderOptions;
import io.github.gchatappender.core.stats.DeliveryCounters;
import io.github.gchatappender.core.status.StatusThrottle;
import io.github.gchatappender.core.status.StatusThrottle.Severity;
import io.github.gchatappender.core.transport.GoogleError;
import io.github.gchatappender.core.transport.WebhookResponse;
import io.github.gchatappender.core.transport.WebhookTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The appender's one worker thread. It takes events from the queue, folds them into one open batch
 * per Chat thread, and sends a batch as one message once its {@code batchWindow} has passed, one
 * message at a time, no faster than {@code messagesPerSecond}.
 *
 * <p>The loop never blocks but on its queue: a request is started and its answer awaited while new
 * events keep arriving and folding, so a slow webhook fills no queue.
 * <p><b>Under load</b> events of a group keep folding into its open batch (a count, the last time,
 * a few distinct messages), so a storm costs one message per group per window, not one per event;
 * at most {@value #MAX_OPEN_BATCHES} groups are open at once, events of further groups are dropped
 * and counted.
 * <p><b>On failure</b> 408, 429, 5xx and network errors are retried after Google's backoff (or the
 * server's {@code Retry-After}), up to {@code maxRetries} times, pausing all sending meanwhile while
 * events keep folding; other answers (400, 401, 403, 404, redirects) drop the message at once.
 * Every outcome is counted and reported through a {@link StatusThrottle}, with the URL's secrets
 * masked before anything is cut or printed. An unexpected failure costs the message at hand, never
 * the loop; if the loop ends anyway (an {@link Error}), it first makes the sender refuse new events,
 * then counts everything it held as dropped.
 * <p><b>On stop</b> open batches are sent at once, still within the rate limit, until
 * {@code shutdownTimeout} runs out; whatever is left then is counted as dropped.
 */
public final class Dispatcher implements Runnable {

    static final int MAX_OPEN_BATCHES = 1000;
    /** Longest idle sleep, so that periodic reports (queue full) are never late by more than this. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a busy loop takes in new events when the queue does not fill faster. */
    static final long FOLD_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Longest exception message put into a status line. */
    private static final int MAX_DESCRIBED_CHARS = 300;
    /** More ready batches than the quota lets through in this time make a digest. */
    static final long DIGEST_HORIZON_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Pause after an unexpected failure, so that a failure that repeats cannot spin the loop. */
    private static final long RECOVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EventQueue<AlertEvent> queue;
    private final SenderSettings settings;
    private final WebhookTransport transport;
    private final DeliveryCounters counters;
    private final StatusThrottle status;
    private final Ticker ticker;
    private final Runnable onExit;
    private final ThreadKeys threadKeys;
    private final Backoff backoff;
    private final SpaceQuota quota;
    private final String digestKey;
    private final MessageRenderer renderer;
    private final long batchWindowNanos;
    private final Map<String, AlertBatch> openBatches = new LinkedHashMap<>();
    /** Events taken from the queue and not yet folded; folded ones are set to null. */
    private final List<AlertEvent> drained = new ArrayList<>();

    /** The message being delivered, across its retries; null when none. */
    private Delivery current;
    private long pausedUntilNanos;
    /** After 401, 403 or 404: no requests until then; the next message after it is the probe. */
    private long rejectedUntilNanos;
    private boolean rejected;
    private String rejection = "";
    private long queueFullReported;
    private long unreadableReported;
    private boolean interrupted;

    private volatile boolean stopRequested;
    private volatile long stopDeadlineNanos;

    /**
     * @param hostName the host to show in alerts; read at each render, so it may be filled in later
     * @param onExit   run first when the loop ends, to make the sender refuse new events
     */
    public Dispatcher(EventQueue<AlertEvent> queue, SenderSettings settings, WebhookTransport transport,
            DeliveryCounters counters, StatusThrottle status, Ticker ticker, Supplier<String> hostName, Runnable onExit) {
        this(queue, settings, transport, counters, status, ticker, hostName, onExit,
                SpaceQuota.join(settings.webhookUrl().quotaKey(), settings.messagesPerSecond()));
    }

    /** @param quota the space's quota; shared by every appender posting to the same space */
    public Dispatcher(EventQueue<AlertEvent> queue, SenderSettings settings, WebhookTransport transport,
            DeliveryCounters counters, StatusThrottle status, Ticker ticker, Supplier<String> hostName, Runnable onExit,
            SpaceQuota quota) {
        this.queue = queue;
        this.settings = settings;
        this.transport = transport;
        this.counters = counters;
        this.status = status;
        this.ticker = ticker;
        this.onExit = onExit;
        this.threadKeys = new ThreadKeys(settings.applicationName(), settings.environment());
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        this.quota = quota;
        this.digestKey = threadKeys.digestKey();
        this.renderer = new MessageRenderer(RenderOptions.of(settings, hostName));
        this.batchWindowNanos = settings.batchWindow().toNanos();
        this.pausedUntilNanos = ticker.nanoTime();
    }

    /** Asks the loop to send what it holds until {@code deadlineNanos}, then end. */
    public void requestStop(long deadlineNanos) {
        this.stopDeadlineNanos = deadlineNanos;
        this.stopRequested = true;
        wakeUp();
    }

    /** Wakes the loop if it waits. */
    public void wakeUp() {
        queue.wake();
    }

    @Override
    public void run() {
        try {
            while (!finished()) {
                long now = ticker.nanoTime();
                long next;
                try {
                    next = step(now);
                } catch (RuntimeException e) {
                    next = recover(e, now);
                }
                if (next - now > 0) {
                    awaitEvents(next - now);
                }
            }
        } catch (Error e) {
            report("dispatcher", Severity.ERROR, "The Google Chat dispatcher stopped: " + describe(e)
                    + "; the appender accepts no more events, and those it held are counted as dropped");
        } finally {
            onExit.run();
            abandonRemaining();
            quota.leave(settings.messagesPerSecond());
        }
    }

    private boolean finished() {
        if (interrupted) {
            return true;
        }
        if (!stopRequested) {
            return false;
        }
        boolean empty = current == null && openBatches.isEmpty() && queue.isEmpty();
        return empty || ticker.nanoTime() - stopDeadlineNanos >= 0;
    }

    /** Does at most one thing towards delivery; returns the time at which there may be more to do. */
    private long step(long now) {
        // Read before draining: every event offered before stop() is then already in the queue, so
        // a batch flushed for stopping holds all of its group's events, never a part of them.
        boolean stopping = stopRequested;
        foldQueuedEvents(now);
        reportDropsOnTheCallersSide();
        if (current != null && current.answer != null) {
            if (!current.answer.isDone()) {
                return now + IDLE_NANOS; // The answer's completion wakes the loop.
            }
            settle(current, now);
            return now;
        }
        long gate = later(pausedUntilNanos, quota.nextPermitNanos(now));
        if (current != null) {
            // A failed message waiting for its retry; its group's new events join it first.
            if (gate - now > 0) {
                return gate;
            }
            absorbNewEvents(current);
            send(current, now);
            return now;
        }
        List<AlertBatch> ready = readyBatches(now, stopping);
        if (ready.isEmpty()) {
            AlertBatch oldest = oldestOpenBatch();
            return oldest == null ? now + IDLE_NANOS : oldest.openedAtNanos() + batchWindowNanos;
        }
        if (rejected && rejectedUntilNanos - now > 0) {
            dropDuringCooldown(ready);
            return now;
        }
        rejected = false;
        if (gate - now > 0) {
            return gate; // Batches keep folding while the quota says wait.
        }
        current = choose(ready, stopping ? messagesBeforeDeadline(now) : messagesWithin(DIGEST_HORIZON_NANOS), stopping);
        send(current, now);
        return now;
    }

    /**
     * The next message: the oldest ready batch, unless more batches are ready than {@code fits}
     * messages; then, most important first (new kinds, then by count), the top ones stay for
     * messages of their own and the rest go into one digest. While stopping, the top ones go
     * first and the digest last, when one message is all the deadline still allows.
     */
    private Delivery choose(List<AlertBatch> ready, int fits, boolean stopping) {
        if (ready.size() <= fits) {
            return single(ready.get(0));
        }
        List<AlertBatch> byImportance = new ArrayList<>(ready);
        byImportance.sort(Comparator.comparing((AlertBatch b) -> renderer.hasThread(b.threadKey()))
                .thenComparing(AlertBatch::count, Comparator.reverseOrder()));
        if (stopping && fits > 1) {
            return single(byImportance.get(0));
        }
        List<AlertBatch> digested = new ArrayList<>(byImportance.subList(Math.max(0, fits - 1), byImportance.size()));
        for (AlertBatch batch : digested) {
            openBatches.remove(batch.threadKey());
        }
        Delivery digest = new Delivery(null, digested);
        current = digest; // Before rendering, as in single(): a failure there must still count these events.
        digest.body = renderer.renderDigest(digested, digestKey);
        return digest;
    }

    private Delivery single(AlertBatch batch) {
        // Removed first: if rendering fails, recover() counts the batch, which is then nowhere else.
        openBatches.remove(batch.threadKey());
        Delivery delivery = new Delivery(batch, null);
        current = delivery;
        delivery.body = renderer.render(batch);
        return delivery;
    }

    private void absorbNewEvents(Delivery delivery) {
        if (delivery.batch != null) {
            AlertBatch newer = openBatches.remove(delivery.batch.threadKey());
            if (newer != null) {
                delivery.batch.absorb(newer);
                delivery.body = renderer.render(delivery.batch);
            }
        }
    }

    private List<AlertBatch> readyBatches(long now, boolean stopping) {
        List<AlertBatch> ready = new ArrayList<>();
        for (AlertBatch batch : openBatches.values()) {
            if (stopping || now - (batch.openedAtNanos() + batchWindowNanos) >= 0) {
                ready.add(batch);
            }
        }
        return ready;
    }

    /** How many messages the quota lets through in {@code horizon}: more ready batches than that make a digest. */
    private int messagesWithin(long horizonNanos) {
        return (int) Math.max(1, horizonNanos / quota.intervalNanos());
    }

    /** How many messages the quota still lets through before the stop deadline. */
    private int messagesBeforeDeadline(long now) {
        long left = stopDeadlineNanos - now;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, 1 + left / quota.intervalNanos()));
    }

    private void dropDuringCooldown(List<AlertBatch> ready) {
        long dropped = 0;
        for (AlertBatch batch : ready) {
            openBatches.remove(batch.threadKey());
            dropped += batch.count();
        }
        counters.dropped(dropped);
        report("cooldown", Severity.ERROR, dropped + (dropped == 1 ? " event" : " events") + " dropped without a request: "
                + rejection + "; the next request goes after the cool-down of "
                + settings.rejectionCooldown().toMillis() + " ms, as a probe");
    }

    /** An unexpected failure costs the message at hand, which is counted; the loop goes on. */
    private long recover(RuntimeException failure, long now) {
        String lost = "";
        if (current != null) {
            if (current.answer != null) {
                current.answer.cancel(true);
            }
            release(current, now);
            counters.dropped(current.count());
            lost = "; " + events(current) + " dropped";
            current = null;
        }
        report("internal " + failure.getClass().getName(), Severity.ERROR,
                "Unexpected failure in the Google Chat dispatcher: " + describe(failure) + lost);
        return now + RECOVERY_NANOS;
    }

    private void send(Delivery delivery, long now) {
        // Taken at the moment of sending, not at the top of the step: folding a storm and rendering
        // a digest can take a while, and a stale time would let the next message go that much early.
        quota.acquire(ticker.nanoTime());
        delivery.onItsWay = true;
        delivery.attempts++;
        try {
            delivery.answer = transport.post(delivery.body, requestTimeout(now));
        } catch (RuntimeException e) {
            delivery.answer = CompletableFuture.failedFuture(e);
        }
        delivery.answer.whenComplete((response, error) -> wakeUp());
    }

    /** Tells the space's quota that the attempt is over, once: answered, failed or abandoned. */
    private void release(Delivery delivery, long now) {
        if (delivery.onItsWay) {
            delivery.onItsWay = false;
            quota.answered(now);
        }
    }

    /** Counts and reports the outcome of the attempt whose answer has come. */
    private void settle(Delivery delivery, long now) {
        release(delivery, now);
        WebhookResponse response;
        try {
            response = delivery.answer.join();
        } catch (CompletionException | CancellationException e) {
            counters.requestFailed();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException) {
                retryOrDrop(delivery, cause.getClass().getSimpleName(), describe(cause), null, now);
            } else {
                drop(delivery, "send " + cause.getClass().getName(), Severity.ERROR,
                        "Could not send a message to Google Chat: " + describe(cause) + "; " + events(delivery) + " dropped");
            }
            return;
        } finally {
            delivery.answer = null;
        }
        if (response.isSuccess()) {
            counters.delivered(delivery.count());
            if (delivery.batch != null) {
                renderer.delivered(delivery.batch);
            }
            current = null;
        } else if (response.isRetryable()) {
            counters.requestFailed();
            Duration retryAfter = response.retryAfter().orElse(null);
            retryOrDrop(delivery, "HTTP " + response.statusCode(), "HTTP " + GoogleError.describe(response, this::mask),
                    retryAfter, now);
            if (response.statusCode() == 429 && current != null) {
                quota.pauseUntil(pausedUntilNanos); // Over the space's quota: every sender of the space waits.
            }
        } else {
            counters.requestFailed();
            dropRejected(delivery, response);
        }
    }

    private Duration requestTimeout(long now) {
        Duration timeout = settings.requestTimeout();
        if (stopRequested) {
            long left = Math.max(TimeUnit.MILLISECONDS.toNanos(1), stopDeadlineNanos - now);
            if (left < timeout.toNanos()) {
                return Duration.ofNanos(left);
            }
        }
        return timeout;
    }

    /**
     * @param kind    a fixed name for the kind of failure ({@code HTTP 503}, {@code ConnectException}),
     *                so that the status throttle groups repeats and prints no server text as a kind
     * @param failure the masked description of this failure
     */
    private void retryOrDrop(Delivery delivery, String kind, String failure, Duration retryAfter, long now) {
        int retriesDone = delivery.attempts - 1;
        if (retriesDone >= settings.maxRetries()) {
            drop(delivery, "retries exhausted " + kind, Severity.ERROR, "Google Chat message dropped after "
                    + delivery.attempts + " attempts, last: " + failure + "; " + events(delivery) + " lost");
            return;
        }
        long delay = backoff.delayNanos(retriesDone + 1, retryAfter);
        pausedUntilNanos = now + delay;
        counters.requestRetried();
        report("retry " + kind, Severity.WARN, "Google Chat answered " + failure + "; retrying in "
                + TimeUnit.NANOSECONDS.toMillis(delay) + " ms (retry " + (retriesDone + 1) + " of "
                + settings.maxRetries() + ")");
    }

    private void dropRejected(Delivery delivery, WebhookResponse response) {
        int code = response.statusCode();
        String hint;
        if (code == 401 || code == 403 || code == 404) {
            hint = "the webhook was deleted or its key or token is wrong: check webhookUrl (" + settings.webhookUrl()
                    + "); no requests for " + settings.rejectionCooldown().toMillis() + " ms, then one probe";
            rejected = true;
            rejectedUntilNanos = ticker.nanoTime() + settings.rejectionCooldown().toNanos();
            rejection = "the webhook answered HTTP " + GoogleError.describe(response, this::mask);
        } else if (code >= 300 && code < 400) {
            hint = "redirects are not followed, so that the token goes nowhere else: check webhookUrl ("
                    + settings.webhookUrl() + ")";
        } else {
            hint = "the message was not retried";
        }
        drop(delivery, "rejected HTTP " + code, Severity.ERROR, "Google Chat rejected a message with HTTP "
                + GoogleError.describe(response, this::mask) + "; " + events(delivery) + " dropped; " + hint);
    }

    private void drop(Delivery delivery, String kind, Severity severity, String message) {
        counters.dropped(delivery.count());
        current = null;
        report(kind, severity, message);
    }

    private void foldQueuedEvents(long now) {
        queue.drainTo(drained);
        for (int i = 0; i < drained.size(); i++) {
            AlertEvent event = drained.get(i);
            drained.set(i, null); // Before folding: if folding fails, the event is not counted twice.
            fold(event, now);
        }
        drained.clear();
    }

    private void fold(AlertEvent event, long now) {
        String key;
        try {
            key = threadKeys.keyFor(event);
        } catch (RuntimeException e) {
            counters.dropped(1);
            throw e;
        }
        AlertBatch batch = openBatches.get(key);
        if (batch != null) {
            batch.add(event);
        } else if (openBatches.size() < MAX_OPEN_BATCHES) {
            openBatches.put(key, new AlertBatch(key, event, now));
        } else {
            counters.dropped(1);
            report("too many groups", Severity.WARN, "More than " + MAX_OPEN_BATCHES
                    + " kinds of error are waiting to be sent; an event of a new kind was dropped");
        }
    }

    private AlertBatch oldestOpenBatch() {
        Iterator<AlertBatch> it = openBatches.values().iterator();
        return it.hasNext() ? it.next() : null;
    }

    /**
     * Sleeps until {@code nanos} from now or until there is something to do. With nothing held, the
     * first event wakes the loop. With batches open or a message in flight, the loop wakes on its own
     * every {@link #FOLD_INTERVAL_NANOS} and when the queue is half full. Producers then make no
     * system call per event, and a new kind of error waits at most that long to open its batch.
     */
    private void awaitEvents(long nanos) {
        long wait = Math.min(nanos, IDLE_NANOS);
        int threshold = 1;
        if (current != null || !openBatches.isEmpty()) {
            wait = Math.min(wait, FOLD_INTERVAL_NANOS);
            threshold = queue.capacity() / 2;
        }
        if (stopRequested) {
            wait = Math.min(wait, Math.max(0, stopDeadlineNanos - ticker.nanoTime()));
        }
        queue.await(wait, threshold);
        if (Thread.interrupted()) {
            // stop() interrupts only a loop that overran its deadline; a stray interrupt is ignored.
            interrupted = stopRequested;
        }
    }

    /** Drops counted on the callers' threads are reported here, off those threads. */
    private void reportDropsOnTheCallersSide() {
        long full = counters.droppedQueueFull();
        if (full > queueFullReported) {
            report("queue full", Severity.WARN, (full - queueFullReported) + " events dropped because the queue was full"
                    + " (queueSize=" + settings.queueSize() + "); the webhook is slower than the errors arrive");
            queueFullReported = full;
        }
        long unreadable = counters.droppedUnreadable();
        if (unreadable > unreadableReported) {
            report("unreadable", Severity.WARN, (unreadable - unreadableReported)
                    + " events dropped because they could not be read (their message or arguments failed)");
            unreadableReported = unreadable;
        }
    }

    /** Counts as dropped everything still held; runs last on the dispatcher thread. */
    private void abandonRemaining() {
        long now = ticker.nanoTime();
        if (current != null && current.answer != null && current.answer.isDone()) {
            settle(current, now); // An answer that came in time still counts.
        }
        long lost = 0;
        if (current != null) {
            if (current.answer != null) {
                current.answer.cancel(true); // Abandon the request: its answer would count nothing now.
            }
            release(current, now);
            lost += current.count();
            current = null;
        }
        for (AlertBatch batch : openBatches.values()) {
            lost += batch.count();
        }
        openBatches.clear();
        lost += queue.closeAndDrain(drained);
        drained.clear();
        counters.dropped(lost);
        reportDropsOnTheCallersSide();
        if (lost > 0) {
            report("shutdown", Severity.WARN, lost + (lost == 1 ? " event was" : " events were")
                    + " not delivered to Google Chat before shutdownTimeout (" + settings.shutdownTimeout().toMillis()
                    + " ms) ran out");
        }
    }

    private void report(String kind, Severity severity, String message) {
        status.report(kind, severity, mask(message));
    }

    /** The exception's class and message, masked first and then cut: the JDK may quote what a server sent. */
    private String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        String masked = mask(message);
        return e.getClass().getSimpleName() + ": "
                + (masked.length() > MAX_DESCRIBED_CHARS ? SafeCut.head(masked, MAX_DESCRIBED_CHARS) + "..." : masked);
    }

    private String mask(String text) {
        return settings.webhookUrl().mask(text);
    }

    private static String events(Delivery delivery) {
        long count = delivery.count();
        return count + (count == 1 ? " event" : " events");
    }

    private static long later(long a, long b) {
        return a - b > 0 ? a : b;
    }

    /**
     * A message: one batch, or a digest of several; its rendered body, the attempts made to deliver
     * it, and the answer awaited, if any.
     */
    private static final class Delivery {
        final AlertBatch batch;
        final List<AlertBatch> digest;
        byte[] body;
        int attempts;
        CompletableFuture<WebhookResponse> answer;
        /** Sent and counted by the space's quota as on its way; cleared by {@link Dispatcher#release}. */
        boolean onItsWay;

        Delivery(AlertBatch batch, List<AlertBatch> digest) {
            this.batch = batch;
            this.digest = digest;
        }

        long count() {
            if (batch != null) {
                return batch.count();
            }
            long count = 0;
            for (AlertBatch b : digest) {
                count += b.count();
            }
            return count;
        }
    }
}
