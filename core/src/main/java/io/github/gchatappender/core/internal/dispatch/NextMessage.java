package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.render.MessageRenderer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the dispatcher's next message from the open batches, and renders it. The batches that are
 * ready go one message each while the space's quota lets them all through within
 * {@value #DIGEST_HORIZON_SECONDS} s at its learned rate; beyond that, the least important go together
 * as one digest, so that a storm of many kinds costs a few messages, not a queue of them. While stopping,
 * as many as fit before the deadline go alone. During a cool-down after the webhook was rejected, ready
 * batches are dropped and counted instead of sent: no request is made. Dispatcher thread only.
 */
final class NextMessage {

    /** More ready batches than the quota lets through in this time make a digest. */
    static final int DIGEST_HORIZON_SECONDS = 5;

    private static final long DIGEST_HORIZON_NANOS = TimeUnit.SECONDS.toNanos(DIGEST_HORIZON_SECONDS);

    private final OpenBatches batches;
    private final MessageRenderer renderer;
    private final OutcomePolicy policy;
    private final SpaceQuota quota;
    private final StopPlan stop;
    private final String digestKey;
    private long lookAgainNanos;

    NextMessage(
            OpenBatches batches,
            MessageRenderer renderer,
            OutcomePolicy policy,
            SpaceQuota quota,
            StopPlan stop,
            String digestKey) {
        this.batches = batches;
        this.renderer = renderer;
        this.policy = policy;
        this.quota = quota;
        this.stop = stop;
        this.digestKey = digestKey;
    }

    /**
     * The next message, taken from the open batches but not rendered yet (see {@link #render}); or null
     * when there is none to send now, and then {@link #lookAgainNanos()} says when to look again.
     *
     * @param idleNanos when to look again if no batch is ready and none will be
     */
    Delivery take(long now, boolean stopping, boolean coolingDown, long idleNanos) {
        List<AlertBatch> ready = batches.ready(now, stopping);
        if (ready.isEmpty()) {
            lookAgainNanos = batches.nextReadyNanos(idleNanos);
            return null;
        }
        if (coolingDown) {
            long dropped = 0;
            for (AlertBatch batch : ready) {
                dropped += batches.remove(batch).count();
            }
            policy.droppedDuringCooldown(dropped);
            lookAgainNanos = now;
            return null;
        }
        int fits = stopping
                ? stop.messagesBeforeDeadline(now, quota.intervalNanos(now))
                : (int) Math.max(1, DIGEST_HORIZON_NANOS / quota.intervalNanos(now));
        return batches.take(ready, fits, stopping, renderer::hasThread);
    }

    /** When to look again after {@link #take} found nothing to send. */
    long lookAgainNanos() {
        return lookAgainNanos;
    }

    /**
     * Renders the message. Called once the dispatcher holds it: if rendering fails, the dispatcher's
     * recovery counts its events as dropped.
     */
    void render(Delivery delivery) {
        delivery.rendered(
                delivery.isDigest()
                        ? renderer.renderDigest(delivery.batches(), digestKey)
                        : renderer.render(delivery.batch()));
    }

    /** Folds into a message that waits for its retry the events its thread gathered meanwhile. */
    void absorbNewEvents(Delivery delivery) {
        if (delivery.batch() != null) {
            AlertBatch newer = batches.takeNewer(delivery.batch());
            if (newer != null) {
                delivery.batch().absorb(newer);
                delivery.rendered(renderer.render(delivery.batch()));
            }
        }
    }
}
