package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.stats.HealthTracker;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * What an answer means for the message, and what it costs: every outcome is counted here and
 * reported with the URL's secrets masked.
 *
 * <ul>
 * <li><b>200</b>: delivered.
 * <li><b>429</b>: throttled. Not a failure: the message goes back to wait for the quota, keeps
 * gathering its thread's events and counts no retry against {@code maxRetries}. The space then
 * waits at least Google's backoff for the number of 429s in a row (or the server's
 * {@code Retry-After}).
 * <li><b>408, 5xx and network errors</b>: retried after Google's backoff (or the server's
 * {@code Retry-After}), up to {@code maxRetries} times, then dropped.
 * <li><b>401, 403, 404</b>: dropped, and a cool-down of {@code rejectionCooldown} begins, in which
 * messages are dropped without a request; the first message after it is the probe.
 * <li><b>Other answers</b> (400, redirects) and unexpected failures: dropped.
 * </ul>
 * Dispatcher thread only.
 */
final class OutcomePolicy {

    /** What became of the message. */
    enum Verdict {
        DELIVERED,
        THROTTLED,
        RETRY,
        DROPPED
    }

    private final DispatchSettings settings;
    private final DeliveryCounters counters;
    private final Backoff backoff;
    private final Reports reports;
    private final StatusWording wording;
    private final HealthTracker health;
    private boolean rejected;
    private long rejectedUntilNanos;
    private String rejection = "";
    /** 429s in a row, since the last delivery. */
    private int throttledInARow;

    private long throttledPauseNanos;

    OutcomePolicy(
            DispatchSettings settings,
            DeliveryCounters counters,
            HealthTracker health,
            Backoff backoff,
            Reports reports,
            StatusWording wording) {
        this.settings = settings;
        this.counters = counters;
        this.health = health;
        this.backoff = backoff;
        this.reports = reports;
        this.wording = wording;
    }

    /**
     * Counts and reports the outcome of {@code delivery}'s answer, which has come. On
     * {@link Verdict#RETRY} the delivery's {@link Delivery#retryAtNanos()} says when; on
     * {@link Verdict#THROTTLED} {@link #throttledPauseNanos} says how long the space waits.
     */
    Verdict judge(Delivery delivery, long now) {
        WebhookResponse response;
        try {
            response = delivery.answer().join();
        } catch (CompletionException | CancellationException e) {
            counters.requestFailed();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException) {
                return retryOrDrop(delivery, cause.getClass().getSimpleName(), wording.describe(cause), null, now);
            }
            return drop(delivery, "send " + cause.getClass().getName(), wording.couldNotSend(cause, delivery));
        }
        if (response.isSuccess()) {
            health.accepted();
            counters.delivered(delivery.count());
            delivery.counted();
            throttledInARow = 0;
            return Verdict.DELIVERED;
        }
        counters.requestFailed();
        if (response.statusCode() == 429) {
            counters.requestRetried();
            throttledInARow++;
            throttledPauseNanos =
                    backoff.delayNanos(throttledInARow, response.retryAfter().orElse(null));
            return Verdict.THROTTLED;
        }
        if (response.isRetryable()) {
            return retryOrDrop(
                    delivery,
                    "HTTP " + response.statusCode(),
                    "HTTP " + wording.answer(response),
                    response.retryAfter().orElse(null),
                    now);
        }
        return dropRejected(delivery, response, now);
    }

    /**
     * The least the space waits after the last 429: Google's backoff for the 429s in a row, or the
     * server's {@code Retry-After} (capped).
     */
    long throttledPauseNanos() {
        return throttledPauseNanos;
    }

    /** Reports a 429, with the share of the space this JVM has now learned and the wait. */
    void reportThrottled(Delivery delivery, double messagesPerSecond, long waitNanos) {
        reports.report("throttled", Severity.WARN, StatusWording.throttled(delivery, messagesPerSecond, waitNanos));
    }

    /** True while the webhook's rejection (401, 403, 404) holds every request back. */
    boolean coolingDown(long now) {
        if (rejected && rejectedUntilNanos - now > 0) {
            return true;
        }
        rejected = false;
        return false;
    }

    /** Counts {@code events}, ready during the cool-down, as dropped without a request. */
    void droppedDuringCooldown(long events) {
        counters.dropped(events);
        reports.report("cooldown", Severity.ERROR, wording.droppedDuringCooldown(events, rejection));
    }

    /**
     * @param kind    a fixed name for the kind of failure ({@code HTTP 503}, {@code ConnectException}),
     *                so that the status throttle groups repeats and prints no server text as a kind
     * @param failure the masked description of this failure
     */
    private Verdict retryOrDrop(Delivery delivery, String kind, String failure, Duration retryAfter, long now) {
        int retriesDone = delivery.failed() - 1;
        if (retriesDone >= settings.maxRetries()) {
            return drop(delivery, "retries exhausted " + kind, StatusWording.retriesExhausted(delivery, failure));
        }
        long delay = backoff.delayNanos(retriesDone + 1, retryAfter);
        delivery.retryAt(now + delay);
        counters.requestRetried();
        reports.report("retry " + kind, Severity.WARN, wording.retrying(failure, delay, retriesDone + 1));
        return Verdict.RETRY;
    }

    private Verdict dropRejected(Delivery delivery, WebhookResponse response, long now) {
        int code = response.statusCode();
        if (code == 401 || code == 403 || code == 404) {
            // The webhook is gone or refuses this key: every request would fail the same way until fixed.
            rejected = true;
            rejectedUntilNanos = now + settings.rejectionCooldown().toNanos();
            rejection = wording.rejection(response);
            health.rejected(rejection);
        }
        return drop(delivery, "rejected HTTP " + code, wording.rejected(response, delivery));
    }

    private Verdict drop(Delivery delivery, String kind, String message) {
        counters.dropped(delivery.count());
        delivery.counted();
        reports.report(kind, Severity.ERROR, message);
        return Verdict.DROPPED;
    }
}
