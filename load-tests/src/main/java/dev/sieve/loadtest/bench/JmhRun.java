package dev.sieve.loadtest.bench;

import dev.sieve.loadtest.report.BenchResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the enforcement and decode benchmarks with JMH and returns their scores. */
public final class JmhRun {
    private JmhRun() {
    }

    /**
     * @param forks 0 runs in this JVM (quick, for the smoke run); 1 or more in fresh JVMs
     */
    public static List<BenchResult> run(int forks, int warmupIterations, int warmupMillis, int iterations,
                                        int iterationMillis, List<String> jvmArgs) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(EnforcerBenchmark.class.getName())
                .include(EnforcementPartsBenchmark.class.getName())
                .include(DecodeBenchmark.class.getName())
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(warmupMillis))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .threads(1)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (forks > 0) {
            options.jvmArgs(jvmArgs.toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<BenchResult> out = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.put(key, r.getParams().getParam(key));
            }
            double error = r.getPrimaryResult().getScoreError();
            out.add(new BenchResult(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    params.toString(), r.getPrimaryResult().getScore(), Double.isNaN(error) ? 0 : error));
        }
        return out;
    }
}
