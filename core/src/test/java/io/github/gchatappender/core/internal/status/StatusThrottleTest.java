package io.github.gchatappender.core.internal.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.gchatappender.core.RecordingStatus;
import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.internal.status.StatusThrottle.Severity;
import io.github.gchatappender.core.report.StatusReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final FakeTicker ticker = new FakeTicker();
    private final RecordingStatus reporter = new RecordingStatus();
    private final StatusThrottle throttle = new StatusThrottle(reporter, ticker);

    @Test
    void sameKindReportsOncePerMinuteThenSaysHowManyWereSuppressed() {
        throttle.report("send-failed", Severity.WARN, "first");
        ticker.advance(10 * SECOND);
        throttle.report("send-failed", Severity.WARN, "second");
        ticker.advance(49 * SECOND);
        throttle.report("send-failed", Severity.WARN, "third");
        ticker.advance(SECOND - 1);
        throttle.report("send-failed", Severity.WARN, "fourth"); // 59.999999999 s after the first

        assertThat(reporter.lines).containsExactly("WARN first");

        ticker.advance(1); // exactly 60 s after the first
        throttle.report("send-failed", Severity.WARN, "fifth");

        assertThat(reporter.lines)
                .containsExactly("WARN first", "WARN fifth (and 3 more like this since the previous report)");
    }

    @Test
    void windowRestartsAtTheReportedLine() {
        throttle.report("k", Severity.ERROR, "a");
        ticker.advance(100 * SECOND);
        throttle.report("k", Severity.ERROR, "b");
        ticker.advance(30 * SECOND);
        throttle.report("k", Severity.ERROR, "c"); // within b's window
        ticker.advance(31 * SECOND);
        throttle.report("k", Severity.ERROR, "d");
        ticker.advance(61 * SECOND);
        throttle.report("k", Severity.ERROR, "e");

        assertThat(reporter.lines)
                .containsExactly(
                        "ERROR a", "ERROR b", "ERROR d (and 1 more like this since the previous report)", "ERROR e");
    }

    @Test
    void differentKindsAreIndependent() {
        throttle.report("queue-full", Severity.WARN, "queue full");
        throttle.report("send-failed", Severity.ERROR, "send failed");
        throttle.report("queue-full", Severity.WARN, "queue full again");
        throttle.report("bad-request", Severity.INFO, "bad request");

        assertThat(reporter.lines).containsExactly("WARN queue full", "ERROR send failed", "INFO bad request");
    }

    @Test
    void severitiesGoToTheMatchingChannel() {
        throttle.report("a", Severity.INFO, "i");
        throttle.report("b", Severity.WARN, "w");
        throttle.report("c", Severity.ERROR, "e");

        assertThat(reporter.lines).containsExactly("INFO i", "WARN w", "ERROR e");
    }

    @Test
    void flushReportsPendingSuppressedCounts() {
        throttle.report("queue-full", Severity.WARN, "queue full");
        throttle.report("queue-full", Severity.WARN, "queue full");
        throttle.report("queue-full", Severity.ERROR, "queue full");
        throttle.report("send-failed", Severity.ERROR, "send failed");
        throttle.report("quiet", Severity.INFO, "only once");

        throttle.flush();

        assertThat(reporter.lines)
                .containsExactlyInAnyOrder(
                        "WARN queue full",
                        "ERROR send failed",
                        "INFO only once",
                        "ERROR queue-full: 2 more like this since the previous report");
    }

    @Test
    void flushReportsEachCountOnlyOnce() {
        throttle.report("k", Severity.WARN, "m");
        throttle.report("k", Severity.WARN, "m");
        throttle.flush();
        throttle.flush();

        assertThat(reporter.lines).containsExactly("WARN m", "WARN k: 1 more like this since the previous report");

        // Counted by flush already: the next line after the window carries no count.
        ticker.advance(61 * SECOND);
        throttle.report("k", Severity.WARN, "later");
        assertThat(reporter.lines).last().isEqualTo("WARN later");
    }

    @Test
    void flushWithNothingSuppressedSaysNothing() {
        throttle.flush();
        throttle.report("k", Severity.WARN, "m");
        throttle.flush();

        assertThat(reporter.lines).containsExactly("WARN m");
    }

    @Test
    void throwingReporterDoesNotPropagate() {
        StatusReporter broken = new StatusReporter() {
            @Override
            public void info(String message) {
                throw new IllegalStateException("info broken");
            }

            @Override
            public void warn(String message) {
                throw new UnsupportedOperationException("warn broken");
            }

            @Override
            public void error(String message) {
                throw new RuntimeException("error broken");
            }
        };
        StatusThrottle throttled = new StatusThrottle(broken, ticker);

        assertThatCode(() -> {
                    throttled.report("a", Severity.INFO, "x");
                    throttled.report("b", Severity.WARN, "x");
                    throttled.report("c", Severity.ERROR, "x");
                    throttled.report("c", Severity.ERROR, "x");
                    throttled.flush();
                    ticker.advance(61 * SECOND);
                    throttled.report("c", Severity.ERROR, "x");
                })
                .doesNotThrowAnyException();
    }

    @Test
    void throwingReporterDoesNotBreakLaterThrottling() {
        List<String> seen = new ArrayList<>();
        StatusReporter flaky = new StatusReporter() {
            @Override
            public void info(String message) {
                seen.add(message);
                throw new IllegalStateException();
            }

            @Override
            public void warn(String message) {
                seen.add(message);
            }

            @Override
            public void error(String message) {
                seen.add(message);
            }
        };
        StatusThrottle throttled = new StatusThrottle(flaky, ticker);

        throttled.report("k", Severity.INFO, "one");
        throttled.report("k", Severity.INFO, "two");
        ticker.advance(60 * SECOND);
        throttled.report("k", Severity.WARN, "three");

        assertThat(seen).containsExactly("one", "three (and 1 more like this since the previous report)");
    }

    @Test
    void worksAcrossTickerOverflow() {
        ticker.now = Long.MAX_VALUE - 10 * SECOND;
        throttle.report("k", Severity.WARN, "a");
        ticker.advance(20 * SECOND); // wraps to a negative nanoTime
        throttle.report("k", Severity.WARN, "b");
        ticker.advance(50 * SECOND);
        throttle.report("k", Severity.WARN, "c");

        assertThat(reporter.lines).containsExactly("WARN a", "WARN c (and 1 more like this since the previous report)");
    }

    private static final class FakeTicker implements Ticker {
        long now = 1_000 * SECOND;

        void advance(long nanos) {
            now += nanos;
        }

        @Override
        public long nanoTime() {
            return now;
        }
    }
}
