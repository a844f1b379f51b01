package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.internal.event.AlertBatch;
import io.github.gchatappender.core.internal.render.MessageRenderer;
import io.github.gchatappender.core.internal.render.ResolvedNote;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the dispatcher's next message, renders it, and records what its delivery means for its
 * thread. In this order: a kind new to its thread, whose first alert pacing never delays; then a thread's
 * resolved note that is due (it is the last word of its thread, and carries the thread's events not sent
 * yet); then the updates whose threads' pacing lets them go ({@link ThreadPacing}).
 *
 * <p>The batches that are ready go one message each while the space's quota lets them all through within
 * {@value #DIGEST_HORIZON_SECONDS} s at its learned rate; beyond that, the least important go together as
 * one digest, itself paced as a thread of its own, so that a storm of many kinds costs a few messages, not
 * a queue of them. While stopping, every open batch is ready and as many as fit before the deadline go
 * alone; no note is sent then, so that the time left goes to the events. During a cool-down after the webhook was rejected, ready batches
 * and due notes are dropped and counted instead of sent: no request is made. Dispatcher thread only.
 */
final class NextMessage {

    /** More ready batches than the quota lets through in this time make a digest. */
    static final int DIGEST_HORIZON_SECONDS = 5;

    private static final long DIGEST_HORIZON_NANOS = TimeUnit.SECONDS.toNanos(DIGEST_HORIZON_SECONDS);

    private final OpenBatches batches;
    private final ThreadPacing pacing;
    private final MessageRenderer renderer;
    private final OutcomePolicy policy;
    private final SpaceQuota quota;
    private final StopPlan stop;
    private final String digestKey;
    private final long resolvedAfterMillis;
    /** The fleet store, or null without one. */
    private final FleetLink fleet;

    private long lookAgainNanos;

    NextMessage(
            OpenBatches batches,
            ThreadPacing pacing,
            MessageRenderer renderer,
            OutcomePolicy policy,
            SpaceQuota quota,
            StopPlan stop,
            String digestKey,
            long resolvedAfterMillis,
            FleetLink fleet) {
        this.batches = batches;
        this.pacing = pacing;
        this.renderer = renderer;
        this.policy = policy;
        this.quota = quota;
        this.stop = stop;
        this.digestKey = digestKey;
        this.fleet = fleet;
        this.resolvedAfterMillis = resolvedAfterMillis;
    }

    /**
     * When there is something to send: {@code now} if a batch is ready or a note is due, else when the next
     * batch will be ready or the next note due, or {@code idleNanos} if that is sooner. The dispatcher asks the
     * space's quota only then: a batch held for its thread's next update is no request waiting (the
     * dispatcher tells the quota it holds one, so that its slots stay held through the storm).
     */
    long sendableAt(long now, boolean stopping, long idleNanos) {
        if (batches.anyReady(now, stopping) || (!stopping && pacing.dueNote(now) != null)) {
            return now;
        }
        long next = batches.nextReadyNanos(idleNanos);
        return stopping ? next : pacing.nextNoteNanos(next);
    }

    /**
     * Threads whose incident another replica of the fleet opened: their first message here is a follow-up
     * naming this host, paced as an update from the other replica's first message on (see {@link FleetLink}).
     */
    void adoptJoined(long now) {
        if (fleet == null) {
            return;
        }
        for (String threadKey : fleet.drainJoined()) {
            AlertBatch batch = batches.batchOf(threadKey);
            if (batch != null && !renderer.hasThread(threadKey)) {
                renderer.joined(threadKey);
                pacing.joined(batch, now);
            }
        }
    }

    /** Whether an open batch will be ready soon, not held for its thread's next update (see {@link OpenBatches}). */
    boolean holdsUnpaced(long now) {
        return batches.holdsUnpaced(now);
    }

    /**
     * The next message, taken from the open batches but not rendered yet (see {@link #render}); or null
     * when there is none to send now, and then {@link #lookAgainNanos()} says when to look again.
     *
     * @param idleNanos when to look again if no batch is ready and none will be
     */
    Delivery take(long now, boolean stopping, boolean coolingDown, long idleNanos) {
        List<AlertBatch> ready = batches.ready(now, stopping);
        boolean newKindReady = ready.stream().anyMatch(batch -> !renderer.hasThread(batch.threadKey()));
        // While stopping, no note: the pending updates go, with every event, in the time left.
        ThreadPacing.Incident note = newKindReady || stopping ? null : pacing.dueNote(now);
        Long claim = note == null || fleet == null ? null : fleet.claimNote(note.threadKey(), now);
        if (claim != null && claim != 0) {
            if (claim > 0) {
                pacing.fleetActive(note.threadKey(), now + TimeUnit.MILLISECONDS.toNanos(claim));
            } else {
                leaveNote(note.threadKey());
            }
            lookAgainNanos = now;
            return null;
        }
        if (note != null) {
            Delivery delivery = Delivery.note(note, batches.takeThread(note.threadKey()));
            if (!coolingDown) {
                return delivery;
            }
            if (delivery.count() > 0) {
                policy.droppedDuringCooldown(delivery.count());
            }
            forget(note.threadKey());
            lookAgainNanos = now;
            return null;
        }
        if (ready.isEmpty()) {
            lookAgainNanos = pacing.nextNoteNanos(batches.nextReadyNanos(idleNanos));
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
        // With a fleet store the replicas stop together and share the fleet's permits: each sends what it
        // holds as one digest, so that the fleet's last messages all fit before the deadline.
        int fits = stopping
                ? fleet != null && fleet.available(now) ? 1 : stop.messagesBeforeDeadline(now, quota.intervalNanos(now))
                : (int) Math.max(1, DIGEST_HORIZON_NANOS / quota.intervalNanos(now));
        boolean digestAllowed = batches.pacingYields() || !pacing.isPaced(digestKey, now);
        return batches.take(ready, fits, stopping, digestAllowed, renderer::hasThread);
    }

    /**
     * The fleet store says another replica posts the thread's note: the incident is over here. Events of
     * the thread still open go as a follow-up.
     */
    private void leaveNote(String threadKey) {
        pacing.forget(threadKey);
        fleet.forget(threadKey);
        if (!batches.hasThread(threadKey)) {
            renderer.forget(threadKey);
        }
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
        if (delivery.note() != null) {
            delivery.rendered(renderer.renderResolved(resolvedNote(delivery)));
        } else {
            delivery.rendered(
                    delivery.isDigest()
                            ? renderer.renderDigest(delivery.batches(), digestKey)
                            : renderer.render(delivery.batch()));
        }
    }

    /** What the note says: the incident's counts so far, with the events it carries. */
    private ResolvedNote resolvedNote(Delivery delivery) {
        ThreadPacing.Incident incident = delivery.note();
        long firstMillis = incident.firstMillis();
        long lastMillis = incident.lastMillis();
        for (AlertBatch carried : delivery.batches()) {
            firstMillis = Math.min(firstMillis, carried.firstMillis());
            lastMillis = Math.max(lastMillis, carried.lastMillis());
        }
        return new ResolvedNote(
                incident.firstBatch(),
                incident.events() + delivery.count(),
                firstMillis,
                lastMillis,
                resolvedAfterMillis);
    }

    /**
     * Folds into a message that waits for its retry the events its thread gathered meanwhile. A note whose
     * thread has events again is no longer true: it is put back among the open batches (its carried events
     * with them) and false returned; the thread's next message is an update.
     */
    boolean absorbNewEvents(Delivery delivery) {
        if (delivery.note() != null && batches.hasThread(delivery.note().threadKey())) {
            batches.putBack(delivery);
            return false;
        }
        if (delivery.batch() != null) {
            AlertBatch newer = batches.takeNewer(delivery.batch());
            if (newer != null) {
                delivery.batch().absorb(newer);
                delivery.rendered(renderer.render(delivery.batch()));
            }
        }
        return true;
    }

    /** The message arrived: its thread has a message to pace the next one by, or, after a note, none. */
    void delivered(Delivery delivery, long now) {
        if (delivery.note() != null) {
            forget(delivery.note().threadKey());
        } else if (delivery.isDigest()) {
            pacing.deliveredDigest(delivery.batches(), now);
        } else {
            renderer.delivered(delivery.batch());
            pacing.delivered(delivery.batch(), now);
        }
    }

    /**
     * The message was given up. A note given up ends its incident all the same, or it would be due again at
     * once; the thread's next event starts a new one, with a full first message.
     */
    void givenUp(Delivery delivery) {
        if (delivery.note() != null) {
            forget(delivery.note().threadKey());
        }
    }

    private void forget(String threadKey) {
        pacing.forget(threadKey);
        renderer.forget(threadKey);
        if (fleet != null) {
            fleet.forget(threadKey);
        }
    }
}
