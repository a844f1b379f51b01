package io.github.gchatappender.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the benchmarks at 1 and 4 threads in one go and prints one table: per framework, call and
 * thread count, ns/op and B/op for each appender, and the ratios the project's targets are stated
 * in (GoogleChat against the framework's async appender for ERROR, against the no-op baseline for
 * a filtered INFO). Then the dispatcher's folding rate.
 */
public final class BenchmarkTable {

    private BenchmarkTable() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, double[]> rows = new TreeMap<>();
        for (int threads : new int[] {1, 4}) {
            Collection<RunResult> results = new Runner(options("(Logback|Log4j2)Benchmark", threads)).run();
            for (RunResult result : results) {
                String benchmark = result.getParams().getBenchmark();
                String framework = benchmark.contains("Logback") ? "Logback" : "Log4j2";
                String call = benchmark.substring(benchmark.lastIndexOf('.') + 1);
                String appender = result.getParams().getParam("appender");
                int column = appender.equals("noop") ? 0 : appender.equals("async") ? 1 : 2;
                double[] row = rows.computeIfAbsent(framework + " | " + call + " | " + threads, k -> new double[6]);
                row[column] = result.getPrimaryResult().getScore();
                Result alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
                row[3 + column] = alloc == null ? Double.NaN : alloc.getScore();
            }
        }
        Collection<RunResult> fold = new Runner(options("FoldBenchmark", 1)).run();
        double eventsPerSecond = fold.iterator().next().getPrimaryResult().getScore();

        System.out.println();
        System.out.println("| Framework | Call | Threads | no-op ns/op | async ns/op | GoogleChat ns/op | GoogleChat / async"
                + " | GoogleChat / no-op | no-op B/op | async B/op | GoogleChat B/op |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double[] v = row.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f |",
                    row.getKey(), v[0], v[1], v[2], v[2] / v[1], v[2] / v[0], v[3], v[4], v[5]));
        }
        System.out.println(String.format(Locale.ROOT, "%nDispatcher folding (thread key + fold, 100 groups, one thread): %.2f million events/s",
                eventsPerSecond / 1e6));
    }

    private static Options options(String include, int threads) {
        return new OptionsBuilder()
                .include(include)
                .threads(threads)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(2))
                .addProfiler(GCProfiler.class)
                .build();
    }
}
