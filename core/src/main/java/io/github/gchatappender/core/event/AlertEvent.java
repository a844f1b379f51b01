package io.github.gchatappender.core.event;

import io.github.gchatappender.core.internal.event.SafeCut;
import io.github.gchatappender.core.internal.event.SnapshotCaps;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One log event, copied on the caller's thread into a value the dispatcher can read at any later
 * time. It holds no reference to the application's objects: the message is already formatted, the
 * MDC is copied, the throwable is a {@link ThrowableSnapshot}.
 *
 * <p>Everything is capped here, at snapshot time, so that a queue of these has a bounded footprint
 * whatever the application logs: the message at {@value #MAX_MESSAGE_CHARS} characters, the MDC at
 * {@value #MAX_MDC_ENTRIES} entries of {@value #MAX_MDC_VALUE_CHARS} characters (the keys alerts read
 * kept first, see {@link Builder#mdc(Map, Collection)}).
 */
public final class AlertEvent {

    /** Longest message kept; the renderer shows far less, this only bounds memory. */
    public static final int MAX_MESSAGE_CHARS = SnapshotCaps.MAX_MESSAGE_CHARS;

    public static final int MAX_MDC_ENTRIES = 32;
    public static final int MAX_MDC_VALUE_CHARS = 256;
    static final int MAX_NAME_CHARS = SnapshotCaps.MAX_NAME_CHARS;
    static final int MAX_LEVEL_CHARS = 16;

    private final long timestampMillis;
    private final String level;
    private final String loggerName;
    private final String threadName;
    private final String message;
    private final String messagePattern;
    private final Map<String, String> mdc;
    private final ThrowableSnapshot throwable;

    private AlertEvent(Builder b) {
        this.timestampMillis = b.timestampMillis;
        this.level = SafeCut.head(Objects.requireNonNullElse(b.level, "ERROR"), MAX_LEVEL_CHARS);
        this.loggerName = SnapshotCaps.name(Objects.requireNonNullElse(b.loggerName, ""));
        this.threadName = SnapshotCaps.name(Objects.requireNonNullElse(b.threadName, ""));
        this.message = SnapshotCaps.message(Objects.requireNonNullElse(b.message, ""));
        this.messagePattern = SnapshotCaps.message(b.messagePattern);
        this.mdc = copyOf(b.mdc, b.keptMdcKeys);
        this.throwable = b.throwable;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    /** The framework's level name, for example {@code ERROR} or {@code FATAL}. */
    public String level() {
        return level;
    }

    public String loggerName() {
        return loggerName;
    }

    public String threadName() {
        return threadName;
    }

    /** The formatted message, parameters substituted. */
    public String message() {
        return message;
    }

    /** The parameterized template ({@code "Order {} failed"}) when the framework gives one, else null. */
    public String messagePattern() {
        return messagePattern;
    }

    /** An immutable copy of the MDC / context data at the time of the event. */
    public Map<String, String> mdc() {
        return mdc;
    }

    /** The logged throwable, or null. */
    public ThrowableSnapshot throwable() {
        return throwable;
    }

    /** At most {@value #MAX_MDC_ENTRIES} entries: those of {@code keptFirst} that the source has, then others. */
    private static Map<String, String> copyOf(Map<String, String> source, Collection<String> keptFirst) {
        if (source == null || source.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (String key : keptFirst) {
            if (copy.size() < MAX_MDC_ENTRIES) {
                put(copy, key, key == null ? null : source.get(key));
            }
        }
        for (Map.Entry<String, String> e : source.entrySet()) {
            if (copy.size() == MAX_MDC_ENTRIES) {
                break;
            }
            put(copy, e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private static void put(Map<String, String> copy, String key, String value) {
        if (key != null && value != null) {
            copy.putIfAbsent(SafeCut.head(key, MAX_MDC_VALUE_CHARS), SafeCut.head(value, MAX_MDC_VALUE_CHARS));
        }
    }

    @Override
    public String toString() {
        return "AlertEvent{" + level + ' ' + loggerName + ": " + SafeCut.head(message, 80) + '}';
    }

    /** Collects an event's fields on the caller's thread; {@link #build()} copies and caps them. */
    public static final class Builder {
        private long timestampMillis;
        private String level;
        private String loggerName;
        private String threadName;
        private String message;
        private String messagePattern;
        private Map<String, String> mdc;
        private Collection<String> keptMdcKeys = List.of();
        private ThrowableSnapshot throwable;

        private Builder() {}

        public Builder timestampMillis(long timestampMillis) {
            this.timestampMillis = timestampMillis;
            return this;
        }

        public Builder level(String level) {
            this.level = level;
            return this;
        }

        public Builder loggerName(String loggerName) {
            this.loggerName = loggerName;
            return this;
        }

        public Builder threadName(String threadName) {
            this.threadName = threadName;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder messagePattern(String messagePattern) {
            this.messagePattern = messagePattern;
            return this;
        }

        /** The map is copied by {@link #build()}; the caller may mutate it afterwards. */
        public Builder mdc(Map<String, String> mdc) {
            this.mdc = mdc;
            return this;
        }

        /**
         * The map, of which {@link #build()} copies the entries of {@code keptFirst} first: a copy has at
         * most {@value #MAX_MDC_ENTRIES} entries, and the keys that alerts read must not be lost to the
         * order of a larger MDC.
         */
        public Builder mdc(Map<String, String> mdc, Collection<String> keptFirst) {
            this.mdc = mdc;
            this.keptMdcKeys = keptFirst == null ? List.of() : keptFirst;
            return this;
        }

        public Builder throwable(ThrowableSnapshot throwable) {
            this.throwable = throwable;
            return this;
        }

        public AlertEvent build() {
            return new AlertEvent(this);
        }
    }
}
