package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.transport.WebhookResponse;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One message on its way: a batch, or a digest of several; its rendered body, the failed attempts
 * so far, and the answer awaited, if any. Dispatcher thread only.
 */
final class Delivery {

    /** The one batch of a single message, or null for a digest. */
    final AlertBatch batch;
    /** Every batch the message carries: the one batch, or the digest's. */
    final List<AlertBatch> batches;

    byte[] body;
    /** Requests made for this message that failed for real (5xx, network); a 429 is not one. */
    int failures;

    CompletableFuture<WebhookResponse> answer;
    /** Sent and counted by the space's quota as on its way, until released. */
    boolean onItsWay;
    /** When the request on its way was sent. */
    long sentAtNanos;
    /** After a real failure, when the retry may go. */
    long retryAtNanos;
    /** Its events are counted as delivered or dropped: whatever happens next must not count them again. */
    boolean counted;

    private Delivery(AlertBatch batch, List<AlertBatch> batches) {
        this.batch = batch;
        this.batches = batches;
    }

    static Delivery single(AlertBatch batch) {
        return new Delivery(batch, Collections.singletonList(batch));
    }

    static Delivery digest(List<AlertBatch> batches) {
        return new Delivery(null, batches);
    }

    boolean isDigest() {
        return batch == null;
    }

    long count() {
        long count = 0;
        for (AlertBatch b : batches) {
            count += b.count();
        }
        return count;
    }

    String events() {
        long count = count();
        return count + (count == 1 ? " event" : " events");
    }
}
