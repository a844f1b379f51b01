package io.github.gchatappender.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The events of one group (one Chat thread) that go out in one message: the first event in full,
 * then a count, the time of the last one and up to {@value #MAX_OTHER_MESSAGES} other distinct
 * messages. Its size is bounded whatever the number of events folded into it.
 *
 * <p>Owned by the dispatcher thread; not thread-safe.
 */
public final class AlertBatch {

    public static final int MAX_OTHER_MESSAGES = 5;

    private final String threadKey;
    private final AlertEvent first;
    private final long openedAtNanos;
    private final Set<String> seenPatterns = new HashSet<>();
    private final List<String> otherMessages = new ArrayList<>();
    private long count = 1;
    private int unlistedEvents;
    private long lastMillis;

    public AlertBatch(String threadKey, AlertEvent first, long openedAtNanos) {
        this.threadKey = threadKey;
        this.first = first;
        this.openedAtNanos = openedAtNanos;
        this.lastMillis = first.timestampMillis();
        seenPatterns.add(patternOf(first));
    }

    /** Folds one more event of the same group into this batch. */
    public void add(AlertEvent event) {
        count++;
        lastMillis = Math.max(lastMillis, event.timestampMillis());
        String pattern = patternOf(event);
        if (seenPatterns.contains(pattern)) {
            return;
        }
        if (otherMessages.size() < MAX_OTHER_MESSAGES) {
            seenPatterns.add(pattern);
            otherMessages.add(SafeCut.head(event.message(), 300));
        } else {
            unlistedEvents++;
        }
    }

    private static String patternOf(AlertEvent event) {
        return event.messagePattern() != null ? event.messagePattern() : event.message();
    }

    public String threadKey() {
        return threadKey;
    }

    public AlertEvent first() {
        return first;
    }

    /** When the batch was opened, on the dispatcher's nanosecond clock. */
    public long openedAtNanos() {
        return openedAtNanos;
    }

    /** How many events this batch carries. */
    public long count() {
        return count;
    }

    public long firstMillis() {
        return first.timestampMillis();
    }

    public long lastMillis() {
        return lastMillis;
    }

    /** Messages, distinct from the first's and from each other, in the order they arrived. */
    public List<String> otherMessages() {
        return Collections.unmodifiableList(otherMessages);
    }

    /** Events with yet other messages, beyond those listed. */
    public int unlistedEvents() {
        return unlistedEvents;
    }
}
