package io.github.gchatappender.core.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ThreadKeysTest {

    private static final Pattern KEY_SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static AlertEvent event(String logger, Throwable t) {
        return AlertEvent.builder()
                .loggerName(logger)
                .message("m")
                .throwable(ThrowableSnapshot.of(t))
                .build();
    }

    private static AlertEvent event(String logger, String exceptionClass) {
        ThrowableSnapshot snapshot =
                exceptionClass == null ? null : new ThrowableSnapshot(exceptionClass, "msg", List.of(), 0, null, null);
        return AlertEvent.builder()
                .loggerName(logger)
                .message("m")
                .throwable(snapshot)
                .build();
    }

    @Test
    void keyIsPinned() {
        // Pinned: a change here re-threads every user's alerts after an upgrade.
        ThreadKeys keys = new ThreadKeys("checkout", "prod");

        assertThat(keys.keyFor(event("com.acme.OrderService", new IllegalStateException("x"))))
                .isEqualTo("OrderService.IllegalStateException-d5e1c6cd47e7");
        assertThat(new ThreadKeys(null, null).keyFor(event("com.acme.OrderService", (String) null)))
                .isEqualTo("OrderService-18c031282809");
    }

    @Test
    void sameLoggerAndExceptionClassGiveTheSameKeyAcrossInstances() {
        ThreadKeys one = new ThreadKeys("checkout", "prod");
        ThreadKeys two = new ThreadKeys("checkout", "prod");

        String a = one.keyFor(event("com.acme.OrderService", new IllegalStateException("first message")));
        String b = two.keyFor(event(
                "com.acme.OrderService",
                new IllegalStateException("another message", new IOException("with a cause"))));
        String again = one.keyFor(event("com.acme.OrderService", new IllegalStateException("third")));

        assertThat(a).isEqualTo(b).isEqualTo(again);
    }

    @Test
    void messageAndThreadDoNotChangeTheKey() {
        ThreadKeys keys = new ThreadKeys("app", "env");
        AlertEvent first = AlertEvent.builder()
                .loggerName("L")
                .threadName("t1")
                .message("a")
                .build();
        AlertEvent second = AlertEvent.builder()
                .loggerName("L")
                .threadName("t2")
                .message("b")
                .timestampMillis(99)
                .build();

        assertThat(keys.keyFor(first)).isEqualTo(keys.keyFor(second));
    }

    @Test
    void eachPartOfTheIdentityGivesADifferentKey() {
        ThreadKeys keys = new ThreadKeys("checkout", "prod");
        String base = keys.keyFor(event("com.acme.OrderService", "java.lang.IllegalStateException"));

        Set<String> all = new HashSet<>();
        all.add(base);
        all.add(keys.keyFor(event("com.acme.OrderService", "java.lang.IllegalArgumentException")));
        all.add(keys.keyFor(event("com.acme.OrderService", "com.other.IllegalStateException")));
        all.add(keys.keyFor(event("com.acme.PaymentService", "java.lang.IllegalStateException")));
        all.add(keys.keyFor(event("org.other.OrderService", "java.lang.IllegalStateException")));
        all.add(keys.keyFor(event("com.acme.OrderService", (String) null)));
        all.add(new ThreadKeys("billing", "prod")
                .keyFor(event("com.acme.OrderService", "java.lang.IllegalStateException")));
        all.add(new ThreadKeys("checkout", "staging")
                .keyFor(event("com.acme.OrderService", "java.lang.IllegalStateException")));
        all.add(new ThreadKeys(null, null).keyFor(event("com.acme.OrderService", "java.lang.IllegalStateException")));
        all.add(new ThreadKeys("checkoutprod", "")
                .keyFor(event("com.acme.OrderService", "java.lang.IllegalStateException")));

        assertThat(all).hasSize(10);
    }

    @Test
    void sameReadablePrefixStillDiffersByHash() {
        ThreadKeys keys = new ThreadKeys("a", "b");

        String one = keys.keyFor(event("com.acme.OrderService", "x.Boom"));
        String two = keys.keyFor(event("org.acme.OrderService", "y.Boom"));

        assertThat(one).startsWith("OrderService.Boom-");
        assertThat(two).startsWith("OrderService.Boom-");
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void keysAreShortPrintableAscii() {
        ThreadKeys keys = new ThreadKeys("app \u00E9\u2603", "env\n<users/all>");
        List<String> loggers = List.of(
                "",
                ".",
                "..",
                "a.",
                "com.acme.",
                "caf\u00E9.\u65E5\u672C\u8A9E.Service",
                "with spaces and\ttabs",
                "<users/all>",
                "\uD834\uDD1E\uD83D\uDD25",
                "\uD834",
                "x".repeat(5000),
                "a.".repeat(2500),
                "\u0000\r\n",
                "\u202Eevil");
        List<String> exceptions = new java.util.ArrayList<>();
        exceptions.add(null);
        exceptions.add("java.lang.IllegalStateException");
        exceptions.add("com.acme.$Inner$1");
        exceptions.add("\u00E9.\u00FC" + "y".repeat(600));
        exceptions.add("trailing.");

        Set<String> seen = new HashSet<>();
        for (String logger : loggers) {
            for (String exception : exceptions) {
                String key = keys.keyFor(event(logger, exception));

                assertThat(key)
                        .as("logger %s / exception %s", logger, exception)
                        .matches(KEY_SHAPE);
                assertThat(key).matches(".*-[0-9a-f]{12}");
                seen.add(key);
            }
        }
        assertThat(seen).hasSize(loggers.size() * exceptions.size());
    }

    @Test
    void emptyLoggerWithoutThrowableStillHasAReadablePrefix() {
        String key = new ThreadKeys("a", "b").keyFor(event("", (String) null));

        assertThat(key).matches("log-[0-9a-f]{12}");
    }

    @Test
    void longNamesAreCutToTheMaximumLength() {
        String key = new ThreadKeys("a", "b").keyFor(event("x".repeat(5000), "y".repeat(5000)));

        assertThat(key).hasSize(ThreadKeys.MAX_KEY_CHARS);
        assertThat(key).matches(KEY_SHAPE);
    }

    @Test
    void cacheOverflowDoesNotChangeKeys() {
        ThreadKeys keys = new ThreadKeys("a", "b");
        String before = keys.keyFor(event("com.acme.First", "x.Boom"));

        for (int i = 0; i < 10_000; i++) {
            keys.keyFor(event("com.acme.L" + i, (String) null));
        }

        assertThat(keys.keyFor(event("com.acme.First", "x.Boom"))).isEqualTo(before);
        assertThat(new ThreadKeys("a", "b").keyFor(event("com.acme.First", "x.Boom")))
                .isEqualTo(before);
    }
}
