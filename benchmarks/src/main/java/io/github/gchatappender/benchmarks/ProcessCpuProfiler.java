package io.github.gchatappender.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The benchmark JVM's CPU time per operation, {@value #NAME}: every thread of the process, so the
 * async appender's worker, the dispatcher, the garbage collector and the JIT compiler count as much
 * as the calling threads. Normalised by all operations, as JMH's {@code gc.alloc.rate.norm} is.
 *
 * <p>Why beside the time per call: on a machine shared with other work, a fork that gets less of the
 * CPU for a few seconds measures slower whatever its code costs, and one appender's run can be
 * starved while the next is not. The CPU the process spent per call moves much less with that: it
 * is what the call costs, not what the scheduler gave it. Use with {@code -prof
 * io.github.gchatappender.benchmarks.ProcessCpuProfiler}.
 */
public final class ProcessCpuProfiler implements InternalProfiler {

    static final String NAME = "cpu.time.norm";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the whole benchmark process per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - before;
        long ops = result.getMetadata().getAllOps();
        if (before < 0 || ops == 0) {
            return List.of(); // No CPU time on this platform, or nothing measured.
        }
        return List.of(new ScalarResult(NAME, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
}
