package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadPacingTest {

    /** The threads the pacing forgot because of its bound, as the renderer hears of them. */
    private final List<String> forgotten = new ArrayList<>();

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long FIVE_MINUTES = TimeUnit.MINUTES.toNanos(5);

    private static AlertBatch batch(String threadKey, long now) {
        AlertEvent event = AlertEvent.builder()
                .timestampMillis(1_000)
                .level("ERROR")
                .loggerName("com.acme.Orders")
                .threadName("main")
                .message("x".repeat(5_000))
                .throwable(ThrowableSnapshot.of(new IllegalStateException("down")))
                .build();
        return new AlertBatch(threadKey, event, now);
    }

    /** The gaps after each message of a thread whose errors go on, in seconds. */
    private List<Long> gaps(ThreadPacing pacing, int messages) {
        List<Long> gaps = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < messages; i++) {
            pacing.delivered(batch("t", now), now);
            long next = pacing.nextMessageNanos("t", now);
            gaps.add((next - now) / SECOND);
            now = next;
        }
        return gaps;
    }

    @Test
    void theGapsGrowFromTenSecondsToTheUpdateInterval() {
        assertThat(gaps(new ThreadPacing(FIVE_MINUTES, FIVE_MINUTES, "digest", forgotten::add), 7))
                .containsExactly(10L, 30L, 90L, 270L, 300L, 300L, 300L);
        assertThat(gaps(new ThreadPacing(2 * SECOND, FIVE_MINUTES, "digest", forgotten::add), 3))
                .as("an interval below the first gap")
                .containsExactly(2L, 2L, 2L);
        assertThat(gaps(new ThreadPacing(0, FIVE_MINUTES, "digest", forgotten::add), 3))
                .as("no pacing")
                .containsExactly(0L, 0L, 0L);
    }

    @Test
    void aThreadWithoutAMessageIsNeverPaced() {
        ThreadPacing pacing = new ThreadPacing(FIVE_MINUTES, FIVE_MINUTES, "digest", forgotten::add);

        assertThat(pacing.isPaced("new", 0)).isFalse();
        assertThat(pacing.nextMessageNanos("new", 42)).isEqualTo(42);
    }

    @Test
    void aNoteIsDueOnceTheThreadIsQuietForResolvedAfterAndEveryEventPostponesIt() {
        ThreadPacing pacing = new ThreadPacing(FIVE_MINUTES, 5 * SECOND, "digest", forgotten::add);
        pacing.delivered(batch("t", 0), 0);

        pacing.active("t", 3 * SECOND);
        assertThat(pacing.dueNote(7 * SECOND)).isNull();
        assertThat(pacing.nextNoteNanos(Long.MAX_VALUE)).isEqualTo(8 * SECOND);
        ThreadPacing.Incident due = pacing.dueNote(8 * SECOND);
        assertThat(due).isNotNull();
        assertThat(due.threadKey()).isEqualTo("t");
        assertThat(due.messages()).isEqualTo(1);

        pacing.forget("t");
        assertThat(pacing.dueNote(60 * SECOND)).isNull();
        assertThat(pacing.isPaced("t", 60 * SECOND)).as("new again").isFalse();
    }

    @Test
    void theDigestsThreadIsPacedButGetsNoNote() {
        ThreadPacing pacing = new ThreadPacing(FIVE_MINUTES, 5 * SECOND, "digest", forgotten::add);
        pacing.delivered(batch("t", 0), 0);
        pacing.deliveredDigest(List.of(batch("t", 0), batch("u", 0)), SECOND);

        assertThat(pacing.isPaced("digest", 2 * SECOND)).isTrue();
        assertThat(pacing.isPaced("u", 2 * SECOND))
                .as("a kind new in a digest starts no incident")
                .isFalse();
        assertThat(pacing.dueNote(60 * SECOND).threadKey()).isEqualTo("t");
        pacing.forget("t");
        assertThat(pacing.dueNote(60 * SECOND)).isNull();
        assertThat(pacing.isPaced("digest", 60 * SECOND))
                .as("forgotten once quiet")
                .isFalse();
    }

    @Test
    void anIncidentKeepsTheKindsNamesNotItsStackAndTheBoundForgetsTheQuietest() {
        ThreadPacing pacing = new ThreadPacing(FIVE_MINUTES, FIVE_MINUTES, "digest", forgotten::add);
        for (int i = 0; i <= ThreadPacing.MAX_THREADS; i++) {
            pacing.delivered(batch("t" + i, i), i);
        }

        assertThat(pacing.isPaced("t0", 10)).as("the quietest, forgotten").isFalse();
        assertThat(forgotten).as("and the renderer told").containsExactly("t0");
        assertThat(pacing.isPaced("t1", 10)).isTrue();
        ThreadPacing.Incident quietest = pacing.dueNote(Long.MAX_VALUE / 2);
        AlertEvent kept = quietest.firstBatch().first();
        assertThat(kept.message()).hasSize(ThreadPacing.KEPT_MESSAGE_CHARS);
        assertThat(kept.throwable().className()).isEqualTo(IllegalStateException.class.getName());
        assertThat(kept.throwable().frames()).isEmpty();
    }
}
