package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.internal.event.AlertBatch;
import java.util.Objects;

/**
 * What the last message of a quiet thread says: that a kind of error (one Chat thread) stopped,
 * when it was last seen and how many events it had in all. A plain value, rendered by
 * {@link MessageRenderer#renderResolved}; the numbers are shown as given, so the caller counts them.
 */
public final class ResolvedNote {

    private final AlertBatch firstBatch;
    private final long events;
    private final long firstMillis;
    private final long lastMillis;
    private final long quietMillis;

    /**
     * @param firstBatch the batch of the thread's first message: its first event names the kind
     *     (level, exception, logger, message), its key is the thread's
     * @param events every event of the thread since its first message, those of this note included
     * @param firstMillis wall-clock time of the thread's first event, epoch millis
     * @param lastMillis wall-clock time of its last event, epoch millis
     * @param quietMillis how long the thread has been quiet ({@code resolvedAfter})
     */
    public ResolvedNote(AlertBatch firstBatch, long events, long firstMillis, long lastMillis, long quietMillis) {
        this.firstBatch = Objects.requireNonNull(firstBatch, "firstBatch");
        this.events = events;
        this.firstMillis = firstMillis;
        this.lastMillis = lastMillis;
        this.quietMillis = quietMillis;
    }

    public String threadKey() {
        return firstBatch.threadKey();
    }

    public AlertBatch firstBatch() {
        return firstBatch;
    }

    public long events() {
        return events;
    }

    public long firstMillis() {
        return firstMillis;
    }

    public long lastMillis() {
        return lastMillis;
    }

    public long quietMillis() {
        return quietMillis;
    }

    @Override
    public String toString() {
        return "ResolvedNote[" + threadKey() + ", " + events + " events, " + firstMillis + ".." + lastMillis
                + ", quiet " + quietMillis + " ms]";
    }
}
