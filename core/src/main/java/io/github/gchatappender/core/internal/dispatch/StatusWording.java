package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.event.SafeCut;
import io.github.gchatappender.core.internal.transport.GoogleError;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The words of every status line the dispatcher and its {@link OutcomePolicy} write: what was lost,
 * why, and what to check. One place, so that the lines read alike and a reader of the logs finds the
 * same phrase for the same cause.
 *
 * <p>Only text: it counts nothing and reports nothing, so a storm costs a line per report the
 * {@code StatusThrottle} lets through, never more. Texts that quote an exception or a server's answer
 * are masked here, before they are cut, so that no cut can leave a part of the webhook's key or token;
 * the whole line is masked again when it is reported. Dispatcher thread only.
 */
final class StatusWording {

    /** Longest exception message put into a status line. */
    static final int MAX_DESCRIBED_CHARS = 300;

    private final DispatchSettings settings;

    StatusWording(DispatchSettings settings) {
        this.settings = settings;
    }

    /** The text with the webhook's key and token masked. */
    String mask(String text) {
        return settings.webhookUrl().mask(text);
    }

    /** {@code 1 event}, {@code 2 events}. */
    static String events(long count) {
        return count + (count == 1 ? " event" : " events");
    }

    /** The exception's class and message, masked first and then cut: the JDK may quote what a server sent. */
    String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        String masked = mask(message);
        return e.getClass().getSimpleName() + ": "
                + (masked.length() > MAX_DESCRIBED_CHARS ? SafeCut.head(masked, MAX_DESCRIBED_CHARS) + "..." : masked);
    }

    // --- The loop ------------------------------------------------------------------------------

    String dispatcherStopped(Error e) {
        return "The Google Chat dispatcher stopped: " + describe(e)
                + "; the appender accepts no more events, and those it held are counted as dropped";
    }

    String unexpectedFailure(Throwable e) {
        return "Unexpected failure in the Google Chat dispatcher: " + describe(e);
    }

    String unexpectedFailure(Throwable e, long dropped) {
        return unexpectedFailure(e) + "; " + events(dropped) + " dropped";
    }

    String notDeliveredBeforeShutdown(long lost) {
        return lost + (lost == 1 ? " event was" : " events were")
                + " not delivered to Google Chat before shutdownTimeout ("
                + settings.shutdownTimeout().toMillis()
                + " ms) ran out";
    }

    // --- Intake --------------------------------------------------------------------------------

    static String tooManyGroups() {
        return "More than " + OpenBatches.MAX_OPEN_BATCHES
                + " kinds of error are waiting to be sent; an event of a new kind was dropped";
    }

    static String queueHoles(long lost) {
        return lost + (lost == 1 ? " event was" : " events were")
                + " lost: a thread stopped between claiming a place in the queue and writing its event there"
                + " (a StackOverflowError, say)";
    }

    String droppedQueueFull(long dropped) {
        return dropped + " events dropped because the queue was full (queueSize=" + settings.queueSize()
                + "); the webhook is slower than the errors arrive";
    }

    static String repeatsGivenUp(long dropped) {
        return dropped + " repeated events dropped: the first event of their kind never reached the dispatcher"
                + " (queue full, too many kinds open, or its thread ended while logging it)";
    }

    static String droppedUnreadable(long dropped) {
        return dropped + " events dropped because they could not be read (their message or arguments failed)";
    }

    // --- Answers -------------------------------------------------------------------------------

    /** The status and Google's error of an answer, masked. */
    String answer(WebhookResponse response) {
        return GoogleError.describe(response, this::mask);
    }

    String couldNotSend(Throwable cause, Delivery delivery) {
        return "Could not send a message to Google Chat: " + describe(cause) + "; " + delivery.events() + " dropped";
    }

    static String throttled(Delivery delivery, double messagesPerSecond, long waitNanos) {
        double perMinute = messagesPerSecond * 60;
        return "Google Chat answered HTTP 429 RESOURCE_EXHAUSTED: the space's quota is"
                + " shared with other senders; this appender now sends at most "
                + String.format(Locale.ROOT, perMinute < 10 ? "%.1f" : "%.0f", perMinute)
                + " messages per minute; the"
                + " message (" + delivery.events() + ") waits " + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                + " ms for its turn, gathering its thread's new events; nothing is dropped";
    }

    String droppedDuringCooldown(long events, String rejection) {
        return events + (events == 1 ? " event" : " events")
                + " dropped without a request: " + rejection + "; the next request goes after the cool-down of "
                + settings.rejectionCooldown().toMillis() + " ms, as a probe";
    }

    static String retriesExhausted(Delivery delivery, String failure) {
        return "Google Chat message dropped after " + delivery.failures() + " attempts, last: " + failure + "; "
                + delivery.events() + " lost";
    }

    String retrying(String failure, long delayNanos, int retry) {
        return "Google Chat answered " + failure + "; retrying in "
                + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms (retry " + retry + " of "
                + settings.maxRetries() + ")";
    }

    /** Why the webhook holds requests back after a 401, 403 or 404: the health's rejection too. */
    String rejection(WebhookResponse response) {
        return "the webhook answered HTTP " + answer(response);
    }

    String rejected(WebhookResponse response, Delivery delivery) {
        int code = response.statusCode();
        String hint;
        if (code == 401 || code == 403 || code == 404) {
            hint = "the webhook was deleted or its key or token is wrong: check webhookUrl (" + settings.webhookUrl()
                    + "); no requests for " + settings.rejectionCooldown().toMillis() + " ms, then one probe";
        } else if (code >= 300 && code < 400) {
            hint = "redirects are not followed, so that the token goes nowhere else: check webhookUrl ("
                    + settings.webhookUrl() + ")";
        } else {
            hint = "the message was not retried";
        }
        return "Google Chat rejected a message with HTTP " + answer(response) + "; " + delivery.events() + " dropped; "
                + hint;
    }
}
