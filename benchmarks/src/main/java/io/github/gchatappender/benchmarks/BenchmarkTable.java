package io.github.gchatappender.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs every benchmark the project's performance targets are stated in, and prints one report:
 * <ol>
 * <li>per framework, call and thread count (1 and 4): ns/op and B/op for each appender, and the
 * target ratios (GoogleChat against the framework's async appender for ERROR, against the no-op
 * baseline for a filtered INFO);
 * <li>the queue's offer against the JDK's bounded queues;
 * <li>an ERROR call every 2 s over 30 s with a webhook that never answers, to show the cost flat;
 * <li>the dispatcher's folding rate.
 * </ol>
 * Five 2 s warm-up iterations: with fewer, the 4-thread runs on a 2-core machine are still compiling
 * the dispatcher and the HTTP client into the first measurements.
 */
public final class BenchmarkTable {

    private static final int WARMUPS = 5;

    private BenchmarkTable() {
    }

    public static void main(String[] args) throws RunnerException {
        Map<String, double[]> rows = new TreeMap<>();
        Map<String, double[]> queues = new TreeMap<>();
        for (int threads : new int[] {1, 4}) {
            for (RunResult result : run("(Logback|Log4j2)Benchmark", threads, 5, true)) {
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
            for (RunResult result : run("QueueBenchmark", threads, 5, false)) {
                double queued = result.getSecondaryResults().get("queued").getScore();
                double full = result.getSecondaryResults().get("full").getScore();
                queues.put(result.getParams().getParam("queue") + " | " + threads,
                        new double[] {result.getPrimaryResult().getScore(), queued / 10.0, full / (queued + full)});
            }
        }
        List<Double> flat = new ArrayList<>();
        for (RunResult result : run("LogbackBenchmark.errorWithException", 1, 15, false, "appender", "gchat")) {
            for (BenchmarkResult iterations : result.getBenchmarkResults()) {
                for (IterationResult iteration : iterations.getIterationResults()) {
                    flat.add(iteration.getPrimaryResult().getScore());
                }
            }
        }
        double eventsPerSecond = run("FoldBenchmark", 1, 5, false).iterator().next().getPrimaryResult().getScore();

        System.out.println();
        System.out.println("| Framework | Call | Threads | no-op ns/op | async ns/op | GoogleChat ns/op | GoogleChat / async"
                + " | GoogleChat / no-op | no-op B/op | async B/op | GoogleChat B/op |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            double[] v = row.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f |",
                    row.getKey(), v[0], v[1], v[2], v[2] / v[1], v[2] / v[0], v[3], v[4], v[5]));
        }
        System.out.println();
        System.out.println("| Queue | Threads | ns per offer | offers queued per second | offers finding it full |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, double[]> row : queues.entrySet()) {
            double[] v = row.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f million | %.0f%% |",
                    row.getKey(), v[0], v[1] / 1e6, 100 * v[2]));
        }
        System.out.println();
        double first = (flat.get(0) + flat.get(1) + flat.get(2)) / 3;
        double last = (flat.get(flat.size() - 1) + flat.get(flat.size() - 2) + flat.get(flat.size() - 3)) / 3;
        System.out.println(String.format(Locale.ROOT, "Logback ERROR with GoogleChat, webhook never answering, 30 s in 2 s"
                + " iterations (ns/op): %s; last 6 s / first 6 s = %.2f, slowest / fastest = %.2f",
                format(flat), last / first, flat.stream().mapToDouble(d -> d).max().orElse(0)
                        / flat.stream().mapToDouble(d -> d).min().orElse(1)));
        System.out.println(String.format(Locale.ROOT,
                "Dispatcher folding (thread key + fold, 100 groups, one thread): %.2f million events/s", eventsPerSecond / 1e6));
    }

    private static Collection<RunResult> run(String include, int threads, int iterations, boolean gc, String... param)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .threads(threads)
                .forks(1)
                .warmupIterations(WARMUPS)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(2));
        if (gc) {
            options.addProfiler(GCProfiler.class);
        }
        if (param.length == 2) {
            options.param(param[0], param[1]);
        }
        return new Runner(options.build()).run();
    }

    private static String format(List<Double> scores) {
        List<String> out = new ArrayList<>();
        for (double score : scores) {
            out.add(String.format(Locale.ROOT, "%.0f", score));
        }
        return String.join(" ", out);
    }
}
