package io.github.gchatappender.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import io.github.gchatappender.logback.GoogleChatAppender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ERROR calls with an exception, and one INFO call, through Logback with the appender under test
 * attached to the root logger: a no-op appender (the baseline), Logback's AsyncAppender with
 * neverBlock in front of a no-op appender, and GoogleChatAppender posting to a webhook that never
 * answers. The ERROR calls differ in how often their kind (logger, exception class, template) was
 * seen before, which decides whether the appender may fold the event where it is logged; see
 * {@link Kinds}. Run with -t 1 and -t 4 for the thread counts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogbackBenchmark {

    @Param({"noop", "async", "gchat"})
    public String appender;

    private LoggerContext context;
    private Logger logger;
    private Logger[] storm;
    private Logger[] spread;
    private SilentWebhook webhook;

    @Setup
    public void setUp() throws Exception {
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        Appender<ILoggingEvent> target;
        switch (appender) {
            case "noop":
                target = noop();
                break;
            case "async":
                AsyncAppender async = new AsyncAppender();
                async.setContext(context);
                async.setNeverBlock(true);
                async.addAppender(noop());
                async.start();
                target = async;
                break;
            default:
                webhook = new SilentWebhook();
                GoogleChatAppender chat = new GoogleChatAppender();
                chat.setContext(context);
                chat.setName("bench");
                chat.setWebhookUrl(webhook.url());
                // As in log4j2-gchat.xml: the webhook never answers, so stop waits this long, outside the measurements.
                chat.setShutdownTimeout(Duration.buildBySeconds(1));
                chat.start();
                target = chat;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(target);
        logger = context.getLogger("com.acme.OrderService");
        storm = new Logger[Kinds.STORM_LOGGERS.length];
        for (int i = 0; i < storm.length; i++) {
            storm[i] = context.getLogger(Kinds.STORM_LOGGERS[i]);
        }
        spread = new Logger[Kinds.SPREAD_LOGGERS.length];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = context.getLogger(Kinds.SPREAD_LOGGERS[i]);
        }
    }

    private Appender<ILoggingEvent> noop() {
        UnsynchronizedAppenderBase<ILoggingEvent> noop = new UnsynchronizedAppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                // The baseline: Logback's own cost, nothing more.
            }
        };
        noop.setContext(context);
        noop.start();
        return noop;
    }

    @TearDown
    public void tearDown() throws Exception {
        context.stop();
        if (webhook != null) {
            webhook.close();
        }
    }

    @Benchmark
    public void errorWithException(Failure failure) {
        logger.error(Kinds.TEMPLATE, 42, failure.exception);
    }

    /** The same kind every call, as a failing dependency repeats it; only the argument varies. */
    @Benchmark
    public void errorRepeat(Failure failure, Kinds kinds) {
        logger.error(Kinds.TEMPLATE, kinds.call(), failure.exception);
    }

    /** A kind not seen before, every call: the cost of an event that is copied and queued. */
    @Benchmark
    public void errorFirstOccurrence(Failure failure, Kinds kinds) {
        logger.error(kinds.fresh(), kinds.call(), failure.exception);
    }

    /** Five kinds in turn, one logger each, and a new kind once every {@value Kinds#STORM_NEW_EVERY} calls. */
    @Benchmark
    public void errorStorm(Failure failure, Kinds kinds) {
        int call = kinds.call();
        if (call % Kinds.STORM_NEW_EVERY == 0) {
            logger.error(kinds.fresh(), call, failure.exception);
        } else {
            storm[call % storm.length].error(Kinds.TEMPLATE, call, failure.exception);
        }
    }

    /**
     * Forty kinds in turn: the 20 {@link Kinds#SPREAD_LOGGERS}, each logging two exceptions of
     * different classes, none new, as a failing dependency makes a whole service fail.
     */
    @Benchmark
    public void errorManyKinds(Failure failure, Kinds kinds) {
        int call = kinds.call();
        Exception exception = (call / spread.length & 1) == 0 ? failure.exception : failure.other;
        spread[call % spread.length].error(Kinds.TEMPLATE, call, exception);
    }

    /** An INFO event that reaches the appender, which filters it by its level (ERROR). */
    @Benchmark
    public void infoFiltered() {
        logger.info("Order {} placed", 42);
    }
}
