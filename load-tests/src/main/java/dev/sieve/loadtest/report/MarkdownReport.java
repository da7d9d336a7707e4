package dev.sieve.loadtest.report;

import dev.sieve.loadtest.profile.CpuUsage;
import dev.sieve.loadtest.profile.RunQueueWait;
import dev.sieve.loadtest.service.MetricHistogram;
import dev.sieve.loadtest.service.WriterStatements;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** report.md: the run's conditions, the targets, every figure, the profiles, the plots. */
final class MarkdownReport {
    private final StringBuilder md = new StringBuilder(32_768);

    static String of(SuiteResults r, List<String> plots) {
        MarkdownReport m = new MarkdownReport();
        m.header(r.info());
        m.targets(Ratios.of(r));
        m.phases("Closed model (maximum throughput)", r.phases().stream()
                .filter(p -> p.model().equals("closed") && p.target().equals("service")).toList());
        m.phases("Open model (constant arrival rate, latency from the intended send time)", r.phases().stream()
                .filter(p -> p.model().equals("open")).toList());
        m.slowestSeconds(r.phases());
        m.limits(r);
        m.benchmarks(r.benchmarks());
        m.durability(r.durability());
        m.cpu(r);
        for (PhaseResult p : r.phases()) {
            if (p.profile() != null) {
                m.profile(p);
            }
        }
        m.plots(plots);
        if (!r.notes().isEmpty()) {
            m.line("## Notes").line("");
            r.notes().forEach(n -> m.line("- " + n));
        }
        return m.md.toString();
    }

    private MarkdownReport line(String s) {
        md.append(s).append('\n');
        return this;
    }

    private void header(RunInfo i) {
        line("# Sieve load test report (" + i.mode() + " run)").line("");
        if (i.mode().equals("smoke")) {
            line("> Smoke run: every phase runs for about a second to prove the tools work. Its figures mean nothing.")
                    .line("");
        }
        line("| | |").line("|---|---|");
        line("| started | " + i.startedAt() + " (" + f0(i.durationSeconds()) + " s) |");
        line("| command | `" + i.command() + "` |");
        line("| commit | " + i.gitCommit() + (i.gitDirty() ? " (with uncommitted changes)" : "") + " |");
        line("| machine | " + i.cores() + " cores, " + i.os() + ", Java " + i.javaVersion()
                + "; generator, service and PostgreSQL share it |");
        line(String.format(Locale.ROOT, "| load average before / after | %.2f %.2f %.2f / %.2f %.2f %.2f |",
                i.loadBefore()[0], i.loadBefore()[1], i.loadBefore()[2], i.loadAfter()[0], i.loadAfter()[1],
                i.loadAfter()[2]));
        line("| service | zero-config (embedded PostgreSQL, fresh data directory), JVM " + String.join(" ",
                i.serviceJvmArgs()) + ", env " + i.serviceEnv() + ", other settings default |");
        line("| PostgreSQL | " + i.postgres() + " |");
        line("| generator | Vert.x HTTP client, " + i.clientLoops() + " event loop(s), " + i.users()
                + " users (1/3 granted, 1/3 denied, 1/3 unknown) |");
        line("");
    }

    private void targets(List<Ratio> ratios) {
        line("## Targets").line("");
        line("| comparison | measured | reference | ratio | target | |").line("|---|---|---|---|---|---|");
        for (Ratio r : ratios) {
            String verdict = r.met() == null ? "" : r.met() ? "met" : "**short**";
            line("| " + r.name() + " | " + r.numerator() + " " + num(r.numeratorValue()) + " | " + r.denominator()
                    + " " + num(r.denominatorValue()) + " | " + f2(r.value()) + " | " + r.target() + " | " + verdict
                    + " |");
        }
        line("");
    }

    private void phases(String title, List<PhaseResult> phases) {
        if (phases.isEmpty()) {
            return;
        }
        line("## " + title).line("");
        line("| phase | conns | offered req/s | req/s | events/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
                + "| errors | table check |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (PhaseResult p : phases) {
            line("| " + p.name() + " (" + p.title() + ") | " + p.connections() + " | "
                    + (p.offeredRequestsPerSecond() > 0 ? num(p.offeredRequestsPerSecond()) : "-") + " | "
                    + num(p.requestsPerSecond()) + " | " + num(p.eventsPerSecond()) + " | " + f2(p.latency().p50Ms())
                    + " | " + f2(p.latency().p90Ms()) + " | " + f2(p.latency().p99Ms()) + " | "
                    + f2(p.latency().p999Ms()) + " | " + f1(p.latency().maxMs()) + " | " + errors(p) + " | "
                    + check(p.storage()) + " |");
        }
        line("");
    }

    private void slowestSeconds(List<PhaseResult> phases) {
        line("## Slowest measured second of each phase").line("");
        line("A slow second with a long I/O stall (any task of the machine waiting for the disk, from "
                + "`/proc/pressure/io`) points at the disk; one without, at something else. The commits' own "
                + "flushes stall every second a little, so look at the longest stall within 100 ms: a burst "
                + "of writes behind which the commits waited shows there.").line("");
        line("| phase | phase p99 ms | slowest second | its p99 ms | I/O stall in it, ms "
                + "| median per second, ms | longest in 100 ms of it, ms | median of that per second, ms |");
        line("|---|---|---|---|---|---|---|---|");
        for (PhaseResult p : phases) {
            SlowestSecond.of(p.intervals()).ifPresent(s -> line("| " + p.name() + " | " + f2(p.latency().p99Ms())
                    + " | " + s.index() + " | " + f1(s.p99Ms()) + " | " + stall(s.ioStallMs()) + " | "
                    + stall(s.medianIoStallMs()) + " | " + stall(s.ioStallPeakMs()) + " | "
                    + stall(s.medianIoStallPeakMs()) + " |"));
        }
        line("");
    }

    private static String stall(double ms) {
        return ms < 0 ? "-" : f1(ms);
    }

    private static String errors(PhaseResult p) {
        String s = Long.toString(p.errors());
        if (!p.errorKinds().isEmpty()) {
            s += " " + p.errorKinds();
        }
        return p.unanswered() > 0 ? s + ", " + p.unanswered() + " unanswered" : s;
    }

    private static String check(StorageCheck c) {
        if (c == null) {
            return "-";
        }
        String maintenance = c.maintenance().vacuums() == 0 && c.maintenance().analyzes() == 0 ? ""
                : "; vacuum / analyze of the event tables during the phase: " + c.maintenance().vacuums() + " / "
                        + c.maintenance().analyzes();
        WriterStatements w = c.statements();
        String commitP99 = p99(w.commitTimes());
        String statements = w.statements() == 0 ? ""
                : "; " + w.statements() + " statements, " + f1(w.rowsPerStatement()) + " rows and "
                        + f1(w.commitMsPerStatement()) + " ms each" + (commitP99 == null ? "" : " (" + commitP99 + ")");
        String serviceP99 = p99(c.serviceResponses());
        String service = serviceP99 == null ? "" : "; the service's own time per request: " + serviceP99;
        String wal = c.newWalSegments() == 0 ? "" : "; new WAL segments: " + c.newWalSegments();
        return (c.consistent() ? "ok" : "**INCONSISTENT**") + ": " + c.rowsInTable() + " rows, " + c.storedAcked()
                + " acked" + statements + service + maintenance + wal;
    }

    /**
     * The p99 of a histogram from the service's metrics, to set beside the client's p99 (an upper
     * bound: the top of its bucket). The statements' time from sending to commit and the service's
     * time per request: what a request waits beyond the first is spent before its statement is sent
     * or after the commit, beyond the second outside the service.
     */
    private static String p99(MetricHistogram h) {
        double p99 = h == null ? Double.NaN : h.msAtMost(0.99);
        return Double.isNaN(p99) ? null : "p99 at most " + f1(p99) + " ms";
    }

    private void limits(SuiteResults r) {
        if (r.rowLimits().isEmpty() && r.phase("minimal-endpoint") == null) {
            return;
        }
        line("## Limits on the same rows").line("");
        line("| limit | rows/s or req/s | rows | seconds |").line("|---|---|---|---|");
        for (RowsLimit l : r.rowLimits()) {
            line("| " + l.name() + ": " + l.title() + " | " + num(l.rowsPerSecond()) + " rows/s | " + l.rows() + " | "
                    + f1(l.seconds()) + " |");
        }
        PhaseResult minimal = r.phase("minimal-endpoint");
        if (minimal != null) {
            line("| " + minimal.title() + " | " + num(minimal.requestsPerSecond()) + " req/s (p99 "
                    + f2(minimal.latency().p99Ms()) + " ms) | " + minimal.requests() + " | "
                    + f1(minimal.measuredSeconds()) + " |");
        }
        line("");
    }

    private void benchmarks(List<BenchResult> benchmarks) {
        if (benchmarks.isEmpty()) {
            return;
        }
        line("## Enforcement alone (JMH, one thread = one core)").line("");
        line("| benchmark | params | ops/s | ± | µs/op |").line("|---|---|---|---|---|");
        for (BenchResult b : benchmarks) {
            line("| " + b.benchmark() + " | " + b.params() + " | " + num(b.opsPerSecond()) + " | " + num(b.error())
                    + " | " + f2(1e6 / Math.max(b.opsPerSecond(), 1e-9)) + " |");
        }
        line("").line("`DecodeBenchmark.decodeBatchOf100`: one op is a request of 100 events.").line("");
    }

    private void durability(DurabilityResult d) {
        if (d == null) {
            return;
        }
        line("## Durability under load (SIGKILL mid-run)").line("");
        line("| | |").line("|---|---|");
        line("| killed | " + d.killed() + ", " + f1(d.killAfterSeconds()) + " s into the load |");
        line("| events sent / acknowledged before the kill | " + d.sentEvents() + " / " + d.ackedEvents() + " |");
        line("| **acknowledged events missing after restart** | **" + d.ackedMissing() + "** (must be 0) |");
        line("| **events stored twice** | **" + d.storedTwice() + "** (must be 0) |");
        line("| unacknowledged events stored anyway | " + d.unackedStored() + " (allowed: committed, answer lost) |");
        line("| unacknowledged requests retried after restart | " + d.retriedRequests() + " |");
        line("| after the retries: missing / stored twice | " + d.missingAfterRetry() + " / "
                + d.storedTwiceAfterRetry() + " (both must be 0) |");
        line("| restart (kill to ready) | " + f1(d.restartSeconds()) + " s |");
        line("| verdict | " + (d.passed() ? "passed" : "**FAILED**") + " |");
        line("");
    }

    private void cpu(SuiteResults r) {
        line("## Where the CPU went (cores, average over each measurement)").line("");
        line("| phase | generator | service JVM | PostgreSQL | other processes | machine |").line("|---|---|---|---|---|---|");
        cpuRows(r, this::cpuRow);
        line("");
        line("## Waiting for a CPU (from each thread's schedstat)").line("");
        line("Threads of each process that were runnable but not running, on average, and the mean wait before");
        line("each time slice on a CPU: roughly what a thread woken by a socket or a timer waited before it ran.");
        line("A request passes through several such wake-ups (generator, service event loop, PostgreSQL backend),");
        line("so this wait is part of its latency.").line("");
        line("| phase | generator: threads waiting | µs per slice | service JVM: threads waiting | µs per slice "
                + "| PostgreSQL: threads waiting | µs per slice |").line("|---|---|---|---|---|---|---|");
        cpuRows(r, this::waitRow);
        line("");
    }

    private void cpuRows(SuiteResults r, BiConsumer<String, CpuUsage> row) {
        for (PhaseResult p : r.phases()) {
            if (p.cpu() != null) {
                row.accept(p.name(), p.cpu());
            }
        }
        for (RowsLimit l : r.rowLimits()) {
            if (l.cpu() != null) {
                row.accept(l.name() + " (generator = this JVM's writer or COPY client)", l.cpu());
            }
        }
    }

    private void cpuRow(String name, CpuUsage c) {
        line("| " + name + " | " + f2(c.generator()) + " | " + f2(c.service()) + " | " + f2(c.postgres()) + " | "
                + f2(c.other()) + " | " + f2(c.machine()) + " |");
    }

    private void waitRow(String name, CpuUsage c) {
        line("| " + name + " | " + waitCells(c.generatorWait()) + " | " + waitCells(c.serviceWait()) + " | "
                + waitCells(c.postgresWait()) + " |");
    }

    private static String waitCells(RunQueueWait w) {
        return f2(w.threads()) + " | " + f0(w.microsPerSlice());
    }

    private void profile(PhaseResult p) {
        ProfileSummary s = p.profile();
        line("## Profile of the service: " + p.name()).line("");
        line("JFR `profile` settings, " + s.samples() + " execution samples over " + f1(s.seconds()) + " s; GC: "
                + s.gcCount() + " collections, " + f1(s.gcPauseMs()) + " ms paused. File: `" + s.file() + "`.").line("");
        shares("By component (innermost Sieve frame; else by library)", s.components());
        shares("Top methods, self time", s.topSelf());
        shares("Top Sieve methods, inclusive", s.topInclusive());
        shares("Top allocation sites (sampled weight)", s.topAllocation());
        if (!s.postgresActivity().isEmpty()) {
            shares("PostgreSQL: what the service's backends were doing (" + s.postgresSamples()
                    + " samples of pg_stat_activity, 20 ms apart)", s.postgresActivity());
        }
    }

    private void shares(String title, List<Share> shares) {
        line("**" + title + "**").line("");
        line("| | % | samples |").line("|---|---|---|");
        for (Share s : shares) {
            line("| " + s.name().replace("|", "\\|") + " | " + f1(s.percent()) + " | " + s.count() + " |");
        }
        line("");
    }

    private void plots(List<String> plots) {
        line("## Plots").line("");
        for (String p : plots) {
            line("![" + p + "](" + p + ")").line("");
        }
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String map(Map<String, ?> m) {
        return m.toString();
    }
}
