package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.internal.event.AlertBatch;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which groups already have a delivered message in their Chat thread since the appender started,
 * and which message patterns those messages showed: the first message of a group is full (and
 * mentions), later ones are compact and list only new messages. Bounded: the
 * {@value #MAX_GROUPS} most recently delivered groups, {@value #MAX_PATTERNS} patterns each; a group
 * forgotten here simply gets a full message again. Dispatcher thread only.
 */
final class GroupHistory {

    static final int MAX_GROUPS = 1000;
    static final int MAX_PATTERNS = 50;

    private final Map<String, Set<String>> shown = new LinkedHashMap<String, Set<String>>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > MAX_GROUPS;
        }
    };

    /** Threads whose first message another replica of the fleet posted: see {@link #joined}. */
    private final Map<String, Boolean> joined = new LinkedHashMap<String, Boolean>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_GROUPS;
        }
    };

    /** The patterns already shown in this group's thread, or null if the group has none yet. */
    Set<String> shownIn(String threadKey) {
        return shown.get(threadKey);
    }

    /** Forgets the group's thread: its next message is full (with the mentions) again. */
    void forget(String threadKey) {
        shown.remove(threadKey);
        joined.remove(threadKey);
    }

    /**
     * Another replica of the fleet posted the thread's first message: this one's messages are follow-ups,
     * which say which host they come from.
     */
    void joined(String threadKey) {
        shown.computeIfAbsent(threadKey, key -> new HashSet<>());
        joined.put(threadKey, Boolean.TRUE);
    }

    /** Whether the thread's first message came from another replica (see {@link #joined}). */
    boolean isJoined(String threadKey) {
        return joined.containsKey(threadKey);
    }

    void delivered(AlertBatch batch) {
        Set<String> patterns = shown.computeIfAbsent(batch.threadKey(), key -> new HashSet<>());
        for (AlertBatch.Entry entry : batch.entries()) {
            if (patterns.size() < MAX_PATTERNS) {
                patterns.add(entry.pattern());
            }
        }
    }
}
