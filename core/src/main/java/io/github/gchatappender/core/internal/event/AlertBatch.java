package io.github.gchatappender.core.internal.event;

import io.github.gchatappender.core.event.AlertEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The events of one group (one Chat thread) that go out in one message. Events with the same
 * {@link MessagePattern} fold into one {@link Entry} with a count and first/last time; the first
 * entry holds the first event in full. At most {@value #MAX_ENTRIES} entries are kept; events with
 * yet other patterns are only counted. Its size is bounded whatever the number of events.
 *
 * <p>Owned by the dispatcher thread; not thread-safe.
 */
public final class AlertBatch {

    public static final int MAX_ENTRIES = 6;
    static final int MAX_OTHER_MESSAGE_CHARS = 300;

    private final String threadKey;
    private final AlertEvent first;
    private final long openedAtNanos;
    private final List<Entry> entries = new ArrayList<>();
    private long count;
    private long unlistedEvents;

    public AlertBatch(String threadKey, AlertEvent first, long openedAtNanos) {
        this.threadKey = threadKey;
        this.first = first;
        this.openedAtNanos = openedAtNanos;
        add(first);
    }

    /** Folds one more event of the same group into this batch; returns the event's message pattern. */
    public String add(AlertEvent event) {
        count++;
        String pattern = MessagePattern.of(event);
        Entry entry = entryFor(pattern);
        if (entry != null) {
            entry.add(event.timestampMillis());
        } else if (entries.size() < MAX_ENTRIES) {
            String message =
                    entries.isEmpty() ? event.message() : SafeCut.head(event.message(), MAX_OTHER_MESSAGE_CHARS);
            entries.add(new Entry(pattern, message, event.timestampMillis()));
        } else {
            unlistedEvents++;
        }
        return pattern;
    }

    /**
     * Folds in {@code repeats} more events with {@code pattern}, counted without being read (the
     * latest at {@code lastMillis}): repeats of a kind whose first event this batch holds.
     */
    public void addRepeats(String pattern, long repeats, long lastMillis) {
        count += repeats;
        Entry entry = entryFor(pattern);
        if (entry == null) {
            unlistedEvents += repeats;
            return;
        }
        entry.count += repeats;
        entry.lastMillis = Math.max(entry.lastMillis, lastMillis);
    }

    /**
     * Folds in the events of a later batch of the same group: while this batch waits to be sent
     * again (after a failure), its group's new events join it instead of making another message.
     */
    public void absorb(AlertBatch later) {
        count += later.count;
        unlistedEvents += later.unlistedEvents;
        for (Entry theirs : later.entries) {
            Entry ours = entryFor(theirs.pattern);
            if (ours != null) {
                ours.merge(theirs);
            } else if (entries.size() < MAX_ENTRIES) {
                entries.add(theirs.copy());
            } else {
                unlistedEvents += theirs.count;
            }
        }
    }

    private Entry entryFor(String pattern) {
        for (Entry entry : entries) {
            if (entry.pattern.equals(pattern)) {
                return entry;
            }
        }
        return null;
    }

    public String threadKey() {
        return threadKey;
    }

    /** The first event, shown in full. */
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

    /** One entry per message pattern, the first event's first, in the order they arrived. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Events with yet other patterns, beyond the entries kept. */
    public long unlistedEvents() {
        return unlistedEvents;
    }

    public long firstMillis() {
        return entries.get(0).firstMillis;
    }

    /** The time of the latest event in the batch. */
    public long lastMillis() {
        long last = 0;
        for (Entry entry : entries) {
            last = Math.max(last, entry.lastMillis);
        }
        return last;
    }

    /** Occurrences of one message pattern: the first message, how many, first and last time. */
    public static final class Entry {
        private final String pattern;
        private final String message;
        private long count;
        private long firstMillis;
        private long lastMillis;

        Entry(String pattern, String message, long millis) {
            this.pattern = pattern;
            this.message = message;
            this.count = 1;
            this.firstMillis = millis;
            this.lastMillis = millis;
        }

        private Entry copy() {
            Entry copy = new Entry(pattern, message, firstMillis);
            copy.count = count;
            copy.lastMillis = lastMillis;
            return copy;
        }

        private void merge(Entry other) {
            count += other.count;
            firstMillis = Math.min(firstMillis, other.firstMillis);
            lastMillis = Math.max(lastMillis, other.lastMillis);
        }

        void add(long millis) {
            count++;
            lastMillis = Math.max(lastMillis, millis);
        }

        public String pattern() {
            return pattern;
        }

        /** The first message with this pattern (others are capped at a few hundred characters). */
        public String message() {
            return message;
        }

        public long count() {
            return count;
        }

        public long firstMillis() {
            return firstMillis;
        }

        public long lastMillis() {
            return lastMillis;
        }
    }
}
