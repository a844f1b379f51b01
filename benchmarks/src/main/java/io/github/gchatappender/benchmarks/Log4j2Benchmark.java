package io.github.gchatappender.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
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
 * The same calls as {@link LogbackBenchmark} through Log4j2: its Null appender (the baseline), its
 * Async appender with blocking="false" in front of Null, and {@code <GoogleChat>} posting to a
 * webhook that never answers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Log4j2Benchmark {

    @Param({"noop", "async", "gchat"})
    public String appender;

    private LoggerContext context;
    private Logger logger;
    private Logger[] storm;
    private Logger[] spread;
    private SilentWebhook webhook;

    @Setup
    public void setUp() throws Exception {
        webhook = new SilentWebhook();
        System.setProperty("bench.webhookUrl", webhook.url());
        context = Configurator.initialize(
                "bench-" + appender,
                Log4j2Benchmark.class.getClassLoader(),
                Log4j2Benchmark.class
                        .getResource("/log4j2-" + appender + ".xml")
                        .toURI());
        logger = context.getLogger("com.acme.OrderService");
        storm = new Logger[Kinds.STORM_LOGGERS.length];
        for (int i = 0; i < storm.length; i++) {
            storm[i] = context.getLogger(Kinds.STORM_LOGGERS[i]);
        }
        spread = new Logger[Kinds.SPREAD_LOGGERS.length];
        for (int i = 0; i < spread.length; i++) {
            spread[i] = context.getLogger(Kinds.SPREAD_LOGGERS[i]);
        }
        if (context.getConfiguration().getAppender("target") == null) {
            throw new IllegalStateException("appender 'target' not created for " + appender);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        Configurator.shutdown(context);
        webhook.close();
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
