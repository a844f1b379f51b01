package io.github.gchatappender.core.internal.status;

import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps status output quiet under storms: at most one line per kind of problem per
 * {@value #WINDOW_SECONDS} seconds. Lines suppressed in between are counted, and the next line of
 * that kind says how many there were ({@code (and 41 more like this since the previous report)}), as does
 * {@link #flush()} on stop, so nothing is hidden, only summarised.
 *
 * <p>A reporter that throws is ignored: status output must never break delivery. Dispatcher and
 * stopping threads only; synchronized because both may report.
 */
public final class StatusThrottle {

    static final long WINDOW_SECONDS = 60;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

    /** How serious a line is; adapters map these to their framework's levels. */
    public enum Severity {
        INFO,
        WARN,
        ERROR
    }

    private final StatusReporter reporter;
    private final Ticker ticker;
    private final Map<String, Window> windows = new HashMap<>();

    public StatusThrottle(StatusReporter reporter, Ticker ticker) {
        this.reporter = reporter;
        this.ticker = ticker;
    }

    /** Reports {@code message} unless a line of the same {@code kind} went out in the last minute. */
    public synchronized void report(String kind, Severity severity, String message) {
        long now = ticker.nanoTime();
        Window window = windows.get(kind);
        if (window != null && now - window.openedAt < WINDOW_NANOS) {
            window.suppressed++;
            window.lastSeverity = severity;
            return;
        }
        int suppressed = window == null ? 0 : window.suppressed;
        windows.put(kind, new Window(now, severity));
        emit(severity, suppressed == 0 ? message : message + suffix(suppressed));
    }

    /** Reports every suppressed count not yet reported; called on stop. */
    public synchronized void flush() {
        for (Map.Entry<String, Window> entry : windows.entrySet()) {
            Window window = entry.getValue();
            if (window.suppressed > 0) {
                emit(
                        window.lastSeverity,
                        entry.getKey() + ": " + window.suppressed + " more like this since the previous report");
                window.suppressed = 0;
            }
        }
    }

    private static String suffix(int suppressed) {
        return " (and " + suppressed + " more like this since the previous report)";
    }

    private void emit(Severity severity, String message) {
        try {
            switch (severity) {
                case ERROR:
                    reporter.error(message);
                    break;
                case WARN:
                    reporter.warn(message);
                    break;
                default:
                    reporter.info(message);
            }
        } catch (RuntimeException ignored) {
            // The status channel is the last resort; there is nowhere left to report its failure.
        }
    }

    private static final class Window {
        final long openedAt;
        Severity lastSeverity;
        int suppressed;

        Window(long openedAt, Severity severity) {
            this.openedAt = openedAt;
            this.lastSeverity = severity;
        }
    }
}
