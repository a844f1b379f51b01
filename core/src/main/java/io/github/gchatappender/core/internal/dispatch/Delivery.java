package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One message on its way: a batch, a digest of several, or a thread's resolved note (which carries
 * the thread's events not sent yet, if any); its rendered body, the failed attempts
 * so far, and the answer awaited, if any. Its state changes only through its own methods, each named
 * for the step of delivery it records, so that who may change what stays readable in one place.
 *
 * <p>Under load a message that waits (a retry, a 429) keeps its batches, which go on gathering their
 * threads' events; on failure {@link #counted} guards the counts: once its events are counted as
 * delivered or dropped, nothing that happens next may count them again. Dispatcher thread only.
 */
final class Delivery {

    /** The one batch of a single message, or null for a digest. */
    private final AlertBatch batch;
    /** Every batch the message carries: the one batch, the digest's, or the note's carried one (if any). */
    private final List<AlertBatch> batches;
    /** The thread whose resolved note this is, or null when the message is no note. */
    private final ThreadPacing.Incident note;

    private byte[] body;
    /** Requests made for this message that failed for real (5xx, network); a 429 is not one. */
    private int failures;

    private CompletableFuture<WebhookResponse> answer;
    /** Sent and counted by the space's quota as on its way, until released. */
    private boolean onItsWay;
    /** When the request on its way was sent. */
    private long sentAtNanos;
    /** After a real failure, when the retry may go. */
    private long retryAtNanos;
    /** Its events are counted as delivered or dropped: whatever happens next must not count them again. */
    private boolean counted;

    private Delivery(AlertBatch batch, List<AlertBatch> batches, ThreadPacing.Incident note) {
        this.batch = batch;
        this.batches = batches;
        this.note = note;
    }

    static Delivery single(AlertBatch batch) {
        return new Delivery(batch, Collections.singletonList(batch), null);
    }

    static Delivery digest(List<AlertBatch> batches) {
        return new Delivery(null, batches, null);
    }

    /**
     * The resolved note of the incident's thread, carrying the thread's events not sent yet ({@code carried},
     * or null when there are none): they are delivered when the note is.
     */
    static Delivery note(ThreadPacing.Incident incident, AlertBatch carried) {
        return new Delivery(
                null, carried == null ? Collections.emptyList() : Collections.singletonList(carried), incident);
    }

    boolean isDigest() {
        return batch == null && note == null;
    }

    /** The incident whose resolved note this is, or null. */
    ThreadPacing.Incident note() {
        return note;
    }

    /** The one batch of a single message, or null for a digest. */
    AlertBatch batch() {
        return batch;
    }

    List<AlertBatch> batches() {
        return batches;
    }

    byte[] body() {
        return body;
    }

    /** The message as it goes: rendered anew when its batch took in its thread's newer events. */
    void rendered(byte[] body) {
        this.body = body;
    }

    /** The permit is taken and the request about to go: the quota counts it on its way from now. */
    void sending(long nanos) {
        onItsWay = true;
        sentAtNanos = nanos;
    }

    /** The answer the request will give; a failed future if it could not even be sent. */
    void awaiting(CompletableFuture<WebhookResponse> answer) {
        this.answer = answer;
    }

    /** The answer awaited, or null when no request is out. */
    CompletableFuture<WebhookResponse> answer() {
        return answer;
    }

    /** The answer has been judged: no request is out any more. */
    void answerTaken() {
        answer = null;
    }

    boolean onItsWay() {
        return onItsWay;
    }

    long sentAtNanos() {
        return sentAtNanos;
    }

    /** Ends the attempt for the quota; true the first time only, so that the quota hears of it once. */
    boolean release() {
        if (!onItsWay) {
            return false;
        }
        onItsWay = false;
        return true;
    }

    int failures() {
        return failures;
    }

    /** A request failed for real (5xx, network); returns the failures so far, this one included. */
    int failed() {
        return ++failures;
    }

    /** The retry after a real failure may go at {@code nanos}. */
    void retryAt(long nanos) {
        retryAtNanos = nanos;
    }

    long retryAtNanos() {
        return retryAtNanos;
    }

    /** Its events are now counted as delivered or dropped. */
    void counted() {
        counted = true;
    }

    boolean isCounted() {
        return counted;
    }

    long count() {
        long count = 0;
        for (AlertBatch b : batches) {
            count += b.count();
        }
        return count;
    }

    /** {@code 1 event}, {@code 3 events}: for status lines. */
    String events() {
        return StatusWording.events(count());
    }
}
