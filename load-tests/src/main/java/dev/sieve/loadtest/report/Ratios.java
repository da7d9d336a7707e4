package dev.sieve.loadtest.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** The targets, computed from one run's results. */
public final class Ratios {
    public static final double COPY_TARGET = 0.6;
    public static final double HTTP_TARGET = 0.4;
    public static final double P99_TARGET_MS = 10;
    public static final double ENFORCEMENT_TARGET = 0.9;

    private Ratios() {
    }

    public static List<Ratio> of(SuiteResults r) {
        List<Ratio> out = new ArrayList<>();
        PhaseResult batch = r.phase("batch-100");
        RowsLimit copy = bestCopy(r);
        if (batch != null && copy != null) {
            out.add(atLeast("batched ingest (batches of 100, durable) / raw COPY of the same rows",
                    "pipeline events/s", batch.eventsPerSecond(), copy.name() + " rows/s", copy.rowsPerSecond(),
                    COPY_TARGET));
        }
        PhaseResult batch1000 = r.phase("batch-1000");
        if (batch1000 != null && copy != null) {
            out.add(info("batches of 1000 / raw COPY", "pipeline events/s", batch1000.eventsPerSecond(),
                    copy.name() + " rows/s", copy.rowsPerSecond()));
        }
        PhaseResult single = r.phase("single");
        PhaseResult minimal = r.phase("minimal-endpoint");
        if (single != null && minimal != null) {
            out.add(atLeast("single-event posts (durable) / minimal endpoint", "single-event req/s",
                    single.requestsPerSecond(), "minimal endpoint req/s", minimal.requestsPerSecond(), HTTP_TARGET));
        }
        for (String open : List.of("open-batch-100-50", "open-single-50")) {
            PhaseResult p = r.phase(open);
            if (p != null) {
                boolean failed = p.errors() > 0 || p.unanswered() > 0;
                out.add(new Ratio("p99 at half the measured maximum rate (" + p.title() + ")", "p99 ms",
                        p.latency().p99Ms(), "target ms", P99_TARGET_MS, p.latency().p99Ms(), "<= 10 ms",
                        !failed && p.latency().p99Ms() <= P99_TARGET_MS));
            }
        }
        PhaseResult openSingle = r.phase("open-single-50");
        PhaseResult openMinimal = r.phase("open-minimal-endpoint-50");
        if (openSingle != null && openMinimal != null) {
            out.add(info("p99 of single-event posts at half the maximum rate / p99 of the minimal endpoint at the"
                            + " same rate (what the generator and HTTP alone give on this machine)", "service p99 ms",
                    openSingle.latency().p99Ms(), "minimal endpoint p99 ms", openMinimal.latency().p99Ms()));
        }
        List<RowsLimit> writerRuns = repeatsOf(r, "writer");
        OptionalDouble writer = mean(writerRuns);
        OptionalDouble enforced = meanRowsPerSecond(r, "writer-enforced");
        if (writer.isPresent() && enforced.isPresent()) {
            out.add(atLeast("throughput with enforcement / without (writer path, same rows, mean of "
                            + writerRuns.size() + " alternating runs each)",
                    "enforcement + writer rows/s", enforced.getAsDouble(), "writer alone rows/s",
                    writer.getAsDouble(), ENFORCEMENT_TARGET));
        }
        BenchResult apply = r.benchmarks().stream()
                .filter(b -> b.benchmark().endsWith("EnforcerBenchmark.apply") && b.params().contains("granted"))
                .findFirst().orElse(null);
        if (apply != null && batch != null && batch.cpu() != null) {
            double cores = batch.cpu().generator() + batch.cpu().service() + batch.cpu().postgres();
            double share = batch.eventsPerSecond() / apply.opsPerSecond() / Math.max(cores, 1e-9);
            out.add(new Ratio("throughput with enforcement / without (CPU model from JMH)",
                    "1 - enforcement CPU share", 1 - share, "cores used in batch-100", cores, 1 - share, ">= 0.9",
                    1 - share >= ENFORCEMENT_TARGET));
        }
        if (writer.isPresent() && copy != null) {
            out.add(info("group-commit writer alone / raw COPY", "writer rows/s", writer.getAsDouble(),
                    copy.name() + " rows/s", copy.rowsPerSecond()));
        }
        if (batch != null && writer.isPresent()) {
            out.add(info("batched ingest / writer alone (cost of HTTP + decode + enforcement)", "pipeline events/s",
                    batch.eventsPerSecond(), "writer rows/s", writer.getAsDouble()));
        }
        return out;
    }

    /**
     * The mean rows/s of the limit {@code name} and its repeats ({@code name-2}, ...): the writer
     * limits run twice in A-B-B-A order, since one 15-s run of each moved by 10-20 % between runs.
     */
    static OptionalDouble meanRowsPerSecond(SuiteResults r, String name) {
        return mean(repeatsOf(r, name));
    }

    private static OptionalDouble mean(List<RowsLimit> runs) {
        return runs.stream().mapToDouble(RowsLimit::rowsPerSecond).average();
    }

    private static List<RowsLimit> repeatsOf(SuiteResults r, String name) {
        Pattern repeat = Pattern.compile(Pattern.quote(name) + "(-\\d+)?");
        return r.rowLimits().stream().filter(l -> repeat.matcher(l.name()).matches()).toList();
    }

    /** The faster of the COPY measurements: the stricter reference. */
    static RowsLimit bestCopy(SuiteResults r) {
        return r.rowLimits().stream().filter(l -> l.name().startsWith("copy-"))
                .max(Comparator.comparingDouble(RowsLimit::rowsPerSecond)).orElse(null);
    }

    private static Ratio atLeast(String name, String num, double n, String den, double d, double target) {
        double v = d == 0 ? 0 : n / d;
        return new Ratio(name, num, n, den, d, v, ">= " + target, d == 0 ? null : v >= target);
    }

    private static Ratio info(String name, String num, double n, String den, double d) {
        return new Ratio(name, num, n, den, d, d == 0 ? 0 : n / d, "", null);
    }
}
