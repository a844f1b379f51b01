package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What one message says, before it is written as text or as a card. Values are raw log data: each
 * writer neutralises them for its own syntax.
 */
final class AlertView {

    /** A labelled value of the details: host, thread, time, MDC entries. */
    static final class Detail {
        final String label;
        final String value;

        Detail(String label, String value) {
            this.label = label;
            this.value = value;
        }
    }

    final AlertBatch batch;
    final AlertEvent event;
    /** A later message in a thread that already has the full one: compact, without trace or mentions. */
    final boolean followUp;
    /**
     * The appender's word after the headline: {@code again} in a follow-up, with the host when another
     * replica posted the thread's first message; null in a first message.
     */
    final String state;
    /** The trace to show, or null (no throwable, or a follow-up). */
    final ThrowableSnapshot thrown;

    final String applicationName;
    final String environment;
    /** The entries to list after the first: all others, or in a follow-up only those not shown before. */
    final List<AlertBatch.Entry> listed;
    /** Events not listed: beyond the batch's entries, or in a follow-up with messages shown before. */
    final long unlisted;

    final List<Detail> details;
    final String link;
    final List<String> mentions;
    final List<String> appPackages;
    private final ZoneId zone;
    private final DateTimeFormatter clock;

    AlertView(AlertBatch batch, Set<String> shownBefore, boolean joined, RenderOptions options) {
        this.batch = batch;
        this.event = batch.first();
        this.followUp = shownBefore != null;
        String host = options.hostName.get();
        this.state = !followUp ? null : joined && host != null && !host.isBlank() ? "again on host " + host : "again";
        this.thrown = followUp ? null : event.throwable();
        this.applicationName = options.applicationName;
        this.environment = options.environment;
        this.zone = options.timeZone;
        this.clock = DateTimeFormatter.ofPattern("HH:mm:ssXXX").withZone(zone);
        this.appPackages = options.appPackages;
        List<AlertBatch.Entry> entries = batch.entries();
        List<AlertBatch.Entry> listed = new ArrayList<>();
        long unlisted = batch.unlistedEvents();
        for (int i = followUp ? 0 : 1; i < entries.size(); i++) {
            AlertBatch.Entry entry = entries.get(i);
            if (followUp && shownBefore.contains(entry.pattern())) {
                unlisted += entry.count();
            } else {
                listed.add(entry);
            }
        }
        this.listed = Collections.unmodifiableList(listed);
        this.unlisted = unlisted;
        this.details = details(options);
        this.link = options.linkTemplate == null
                ? null
                : options.linkTemplate.expand(event, options.applicationName, options.environment);
        this.mentions = followUp ? Collections.emptyList() : options.mentions;
    }

    private List<Detail> details(RenderOptions options) {
        List<Detail> list = new ArrayList<>();
        String host = options.hostName.get();
        if (host != null && !host.isBlank()) {
            list.add(new Detail("host", host));
        }
        if (!event.threadName().isBlank()) {
            list.add(new Detail("thread", event.threadName()));
        }
        list.add(new Detail("time", iso(event.timestampMillis())));
        for (String key : options.mdcKeys) {
            String value = event.mdc().get(key);
            if (value != null && !value.isBlank()) {
                list.add(new Detail(key, value));
            }
        }
        return Collections.unmodifiableList(list);
    }

    String level() {
        return event.level();
    }

    /** The exception's simple class name, or null. */
    String exceptionName() {
        return event.throwable() == null ? null : event.throwable().simpleClassName();
    }

    String loggerSimpleName() {
        String logger = event.loggerName();
        int dot = logger.lastIndexOf('.');
        return dot < 0 || dot == logger.length() - 1 ? logger : logger.substring(dot + 1);
    }

    /** {@code ×37 in 54 s (first 10:02:11Z, last 10:03:05Z)}. */
    String occurrences(long count, long firstMillis, long lastMillis) {
        return "×" + count + " in " + span(firstMillis, lastMillis);
    }

    /** A follow-up's count: {@code ×15 more in 11 s (first 10:03:21Z, last 10:03:32Z)}. */
    String moreOccurrences() {
        return "×" + batch.count() + " more in " + span(batch.firstMillis(), batch.lastMillis());
    }

    private String span(long firstMillis, long lastMillis) {
        return duration(lastMillis - firstMillis) + " (first " + clock(firstMillis) + ", last " + clock(lastMillis)
                + ')';
    }

    /** A duration as the counts show it, rounded down: {@code 54 s}, {@code 5 min}, {@code 3 h}; 0 s if negative. */
    String duration(long millis) {
        return span(Math.max(0, millis / 1000));
    }

    String clock(long millis) {
        return clock.format(Instant.ofEpochMilli(millis));
    }

    String iso(long millis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(millis).atZone(zone));
    }

    private static String span(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }
}
