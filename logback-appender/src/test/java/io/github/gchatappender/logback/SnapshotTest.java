package io.github.gchatappender.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.LoggingEventVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Mapping Logback's events, live and deserialized, into the core's snapshot. */
class SnapshotTest {

    /**
     * A proxy without a class name (a custom or deserialized one): the kind the caller counts under
     * must be the kind the snapshot names, or the caller's counter is never adopted.
     */
    @Test
    void aProxyWithoutAClassNameIsTheSameKindForTheCallerAndTheSnapshot() {
        IThrowableProxy nameless = (IThrowableProxy) java.lang.reflect.Proxy.newProxyInstance(
                IThrowableProxy.class.getClassLoader(),
                new Class<?>[] {IThrowableProxy.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getStackTraceElementProxyArray":
                            return new StackTraceElementProxy[0];
                        case "getSuppressed":
                            return new IThrowableProxy[0];
                        case "getCommonFrames":
                            return 0;
                        case "isCyclic":
                            return false;
                        default:
                            return null;
                    }
                });
        ch.qos.logback.classic.spi.ILoggingEvent event =
                (ch.qos.logback.classic.spi.ILoggingEvent) java.lang.reflect.Proxy.newProxyInstance(
                        IThrowableProxy.class.getClassLoader(),
                        new Class<?>[] {ch.qos.logback.classic.spi.ILoggingEvent.class},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "getThrowableProxy":
                                    return nameless;
                                case "getLevel":
                                    return Level.ERROR;
                                case "getLoggerName":
                                case "getThreadName":
                                    return "com.acme.Orders";
                                case "getMessage":
                                case "getFormattedMessage":
                                    return "failed";
                                case "getMDCPropertyMap":
                                    return java.util.Map.of();
                                default:
                                    Class<?> type = method.getReturnType();
                                    return type == long.class
                                            ? 0L
                                            : type == int.class ? 0 : type == boolean.class ? false : null;
                            }
                        });

        assertThat(LogbackEventReader.INSTANCE.exceptionClassName(event))
                .isEqualTo(
                        LogbackEventReader.INSTANCE.snapshot(event).throwable().className());
    }

    private final LoggerContext context = LogbackConfigs.newContext("snapshot");

    private LoggingEvent event(Throwable thrown) {
        return new LoggingEvent(
                "test", context.getLogger("com.acme.A"), Level.ERROR, "failed {}", thrown, new Object[] {42});
    }

    private static Throwable chainWithSuppressedOnTheRoot(int depth) {
        IllegalStateException root = new IllegalStateException("root cause");
        root.addSuppressed(new IllegalArgumentException("suppressed on the root"));
        Throwable chain = root;
        for (int i = 0; i < depth; i++) {
            chain = new RuntimeException("wrap" + i, chain);
        }
        return chain;
    }

    @Test
    void aLiveEventKeepsItsMessagePatternAndRootCause() {
        AlertEvent alert = LogbackEventReader.INSTANCE.snapshot(event(chainWithSuppressedOnTheRoot(40)));

        assertThat(alert.message()).isEqualTo("failed 42");
        assertThat(alert.messagePattern()).isEqualTo("failed {}");
        assertThat(alert.throwable().rootCause().message()).isEqualTo("root cause");
        assertThat(alert.throwable().rootCause().suppressed()).hasSize(1);
    }

    @Test
    void aDeserializedEventIsSnapshotByTheSameRules() {
        LoggingEventVO deserialized = LoggingEventVO.build(event(chainWithSuppressedOnTheRoot(40)));

        ThrowableSnapshot snapshot =
                LogbackEventReader.INSTANCE.snapshot(deserialized).throwable();

        assertThat(snapshot.message()).isEqualTo("wrap39");
        assertThat(snapshot.rootCause().message()).isEqualTo("root cause");
        assertThat(snapshot.rootCause().suppressed())
                .extracting(ThrowableSnapshot::message)
                .containsExactly("suppressed on the root");
    }

    @Test
    void aCyclicChainEndsWhereItRepeatsAsTheCoreEndsIt() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        a.addSuppressed(b);

        ThrowableSnapshot fromLogback =
                LogbackEventReader.INSTANCE.snapshot(event(a)).throwable();
        ThrowableSnapshot fromTheThrowable = ThrowableSnapshot.of(a);

        assertThat(describe(fromLogback)).isEqualTo(describe(fromTheThrowable));
        assertThat(fromLogback.className()).endsWith("IllegalStateException");
        assertThat(fromLogback.cause().className()).endsWith("IllegalArgumentException");
        assertThat(fromLogback.cause().cause()).isNull();
    }

    /** Logback's own count of common frames is used where it holds, and recounted where the chain was cut. */
    @Test
    void framesInCommonAreThoseTheCoreCountsFromTheThrowable() {
        Throwable deep = chainWithSuppressedOnTheRoot(40);
        Throwable shallow = chainWithSuppressedOnTheRoot(3);

        assertThat(describe(LogbackEventReader.INSTANCE.snapshot(event(deep)).throwable()))
                .isEqualTo(describe(ThrowableSnapshot.of(deep)));
        assertThat(describe(LogbackEventReader.INSTANCE.snapshot(event(shallow)).throwable()))
                .isEqualTo(describe(ThrowableSnapshot.of(shallow)));
    }

    /** Everything but the frames themselves, link by link and through suppressed throwables. */
    private static String describe(ThrowableSnapshot t) {
        StringBuilder out = new StringBuilder();
        for (ThrowableSnapshot link = t; link != null; link = link.cause()) {
            out.append(" <- ")
                    .append(link.className())
                    .append(": ")
                    .append(link.message())
                    .append(" own=")
                    .append(link.frames().size())
                    .append(" common=")
                    .append(link.framesInCommonWithEnclosing())
                    .append(" omittedCauses=")
                    .append(link.omittedCauses())
                    .append(" suppressed=[");
            for (ThrowableSnapshot s : link.suppressed()) {
                out.append(describe(s));
            }
            out.append(']');
        }
        return out.toString();
    }

    @Test
    void aCraftedProxyGraphCannotHoldTheCallersThread() {
        // 16 proxies, each listing the next 8 times as suppressed and as cause: 8^16 paths if walked naively.
        Hostile next = null;
        for (int i = 0; i < 16; i++) {
            next = new Hostile(i, next);
        }
        Hostile top = next;

        ThrowableSnapshot snapshot = assertTimeoutPreemptively(
                Duration.ofSeconds(2), () -> ThrowableSnapshot.of(top, LogbackProxyReader.INSTANCE));
        assertThat(snapshot.className()).isEqualTo("Hostile15");
    }

    /** A hand-made proxy, as a crafted stream to Logback's socket receiver could produce. */
    static final class Hostile implements IThrowableProxy {
        private final int index;
        private final Hostile next;

        Hostile(int index, Hostile next) {
            this.index = index;
            this.next = next;
        }

        @Override
        public String getMessage() {
            return "hostile " + index;
        }

        @Override
        public String getClassName() {
            return "Hostile" + index;
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return new StackTraceElementProxy[0];
        }

        @Override
        public int getCommonFrames() {
            return 0;
        }

        @Override
        public IThrowableProxy getCause() {
            return next;
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = new IThrowableProxy[8];
            java.util.Arrays.fill(suppressed, next);
            return next == null ? new IThrowableProxy[0] : suppressed;
        }

        @Override
        public boolean isCyclic() {
            return false;
        }
    }
}
