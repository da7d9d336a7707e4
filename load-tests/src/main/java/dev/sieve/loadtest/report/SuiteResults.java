package dev.sieve.loadtest.report;

import java.util.List;

/** Everything one run measured: what report.md, the plots and results.json are made of. */
public record SuiteResults(RunInfo info, List<PhaseResult> phases, List<RowsLimit> rowLimits,
                           List<BenchResult> benchmarks, DurabilityResult durability, List<String> notes) {

    public PhaseResult phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public RowsLimit rowLimit(String name) {
        return rowLimits.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
