package dev.sieve.loadtest.suite;

import dev.sieve.loadtest.generator.SuiteClock;
import dev.sieve.loadtest.profile.JfrPrimer;
import dev.sieve.loadtest.report.BenchResult;
import dev.sieve.loadtest.report.DurabilityResult;
import dev.sieve.loadtest.report.PhaseResult;
import dev.sieve.loadtest.report.ReportWriter;
import dev.sieve.loadtest.report.RowsLimit;
import dev.sieve.loadtest.report.RunInfo;
import dev.sieve.loadtest.report.SuiteResults;
import dev.sieve.loadtest.service.ChildProcesses;
import dev.sieve.loadtest.service.ConsentSeeder;
import dev.sieve.loadtest.service.Database;
import dev.sieve.loadtest.service.ServiceProcess;
import dev.sieve.loadtest.service.ServiceSpec;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One run of the suite: a fresh service (embedded, durable PostgreSQL in a new data directory),
 * consent for the synthetic users, the scenarios, the open-model rates, the limits on the same
 * rows, the benchmarks, the SIGKILL test, then the report. Every child process is gone when it
 * returns, whatever happened.
 */
public final class SuiteRunner {
    /** Single events are measured in the open model at this fraction of their closed maximum. */
    static final double SINGLE_OPEN_FRACTION = 0.5;
    private final SuitePlan plan;
    private final SuiteOptions options;

    public SuiteRunner(SuitePlan plan, SuiteOptions options) {
        this.plan = plan;
        this.options = options;
    }

    public SuiteResults run() throws Exception {
        Files.createDirectories(options.resultsDir());
        Instant started = Instant.now();
        double[] loadBefore = MachineLoad.read();
        SuiteClock clock = new SuiteClock();
        Path dataDir = Files.createTempDirectory("sieve-load-");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, plan.clientLoops())));
        PhaseContext ctx = new PhaseContext(plan, clock, vertx, options.resultsDir(), "writer-" + UUID.randomUUID(),
                "consent-" + UUID.randomUUID());
        List<PhaseResult> phases = new ArrayList<>();
        List<RowsLimit> rowLimits = new ArrayList<>();
        List<BenchResult> benchmarks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DurabilityResult durability = null;
        Map<String, String> postgres = new LinkedHashMap<>();
        ctx.log("results in %s; load average before: %.2f %.2f %.2f", options.resultsDir(), loadBefore[0],
                loadBefore[1], loadBefore[2]);
        try (ChildProcesses children = new ChildProcesses()) {
            ServiceSpec spec = new ServiceSpec(options.classpath(), serviceJvmArgs(), dataDir, ctx.writerKey,
                    ctx.consentKey, plan.serviceEnv());
            ctx.service(ServiceProcess.start(spec, children, options.resultsDir().resolve("service.log")));
            ctx.log("service ready on port %d, pid %d, %s", ctx.service().port(), ctx.service().pid(),
                    ctx.service().pgUri());
            Database db = new Database(ctx.service().pgUri());
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes", "shared_buffers",
                    "max_wal_size", "wal_level", "autovacuum_vacuum_cost_limit", "wal_init_zero")) {
                postgres.put(setting, db.setting(setting));
            }
            int seeded = ConsentSeeder.seed(ctx.service().port(), ctx.consentKey, plan.users(), 300);
            ctx.log("consent recorded for %d of %d users (the rest unknown)", seeded, plan.users());

            HttpPhases http = new HttpPhases(ctx);
            if (options.runs("warmup") && plan.warmupSeconds() > 0) {
                ctx.log("warm-up: rounds of %d s of batches and %d s of single events until the service's JIT "
                        + "settles (not reported)", plan.warmupSeconds(), plan.warmupSeconds() / 2);
                Scenario batches = plan.scenarios().stream().filter(s -> s.batchSize() == 100).findFirst()
                        .orElse(plan.scenarios().get(0));
                Scenario singles = plan.scenarios().stream().filter(s -> s.batchSize() == 1).findFirst()
                        .orElse(plan.scenarios().get(0));
                boolean profiling = plan.scenarios().stream().anyMatch(Scenario::profile);
                AtomicReference<JfrPrimer> primer = new AtomicReference<>(
                        profiling ? JfrPrimer.start(ctx.service().pid()) : null);
                http.warmUntilJitSettles("service", ctx.service().pid(), () -> {
                    http.warmUp(batches, plan.warmupSeconds());
                    http.warmUp(singles, Math.max(1, plan.warmupSeconds() / 2));
                    JfrPrimer first = primer.getAndSet(null);
                    if (first != null) {
                        first.stop();
                        ctx.log("a first JFR recording ran through this round, so that its one-time cost "
                                + "falls in the warm-up and not in a profiled phase");
                    }
                });
            }
            Map<String, PhaseResult> closed = new LinkedHashMap<>();
            for (Scenario s : plan.scenarios()) {
                double expected = closed.containsKey(Scenario.BATCH_100)
                        ? closed.get(Scenario.BATCH_100).requestsPerSecond() * 100.0 / s.batchSize() : 0;
                PhaseResult r = http.closed(s, expected);
                closed.put(s.name(), r);
                phases.add(r);
            }
            for (Scenario s : plan.scenarios()) {
                if (s.profile()) {
                    phases.add(http.profiled(s, closed.get(s.name()).requestsPerSecond()));
                }
            }
            if (options.runs("open")) {
                for (Scenario s : plan.scenarios()) {
                    if (!s.name().equals(Scenario.BATCH_100) && !s.name().equals(Scenario.SINGLE)) {
                        continue;
                    }
                    for (double fraction : s.name().equals(Scenario.SINGLE) ? List.of(SINGLE_OPEN_FRACTION)
                            : plan.openRateFractions()) {
                        // At least 1 req/s: a smoke run on a slow machine may measure nothing in its second.
                        double rate = Math.max(1, closed.get(s.name()).requestsPerSecond()) * fraction;
                        phases.add(http.open(s, rate, fraction));
                    }
                }
            }
            LimitsRunner limits = new LimitsRunner(ctx, children);
            if (options.runs("limits")) {
                rowLimits.addAll(limits.rowLimits());
            }
            if (options.runs("minimal")) {
                plan.scenarios().stream().filter(s -> s.name().equals(Scenario.SINGLE)).findFirst().ifPresent(s -> {
                    // The minimal endpoint's open phase takes the rate offered to the service's.
                    String openSingle = HttpPhases.openName(s, SINGLE_OPEN_FRACTION);
                    OptionalDouble openRate = phases.stream().filter(p -> p.name().equals(openSingle))
                            .mapToDouble(PhaseResult::offeredRequestsPerSecond).findFirst();
                    phases.addAll(limits.minimalEndpoint(http, s, options.classpath(), openRate, SINGLE_OPEN_FRACTION));
                });
            }
            if (options.runs("jmh")) {
                benchmarks.addAll(limits.enforcementBenchmarks(options.classpath()));
            }
            if (options.runs("durability")) {
                durability = new dev.sieve.loadtest.durability.DurabilityPhase(ctx.vertx, ctx.clock, children,
                        options.resultsDir(), ctx::log, ctx.writerKey)
                        .run(ctx.service(), ctx.templates(dev.sieve.loadtest.generator.TemplateMix.GRANTED),
                                ctx.nextIds(), plan.durabilityConnections(), plan.durabilityKillAfterSeconds(),
                                ctx::service);
            }
            ctx.service().stop();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
            if (!options.keepData()) {
                deleteTree(dataDir);
            } else {
                notes.add("service data kept in " + dataDir);
            }
        }
        RunInfo info = new RunInfo(plan.mode(), started.toString(), clock.now(), Git.commit(), Git.dirty(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), loadBefore, MachineLoad.read(),
                serviceJvmArgs(), plan.serviceEnv(), postgres, plan.users(), plan.clientLoops(), options.command());
        SuiteResults results = new SuiteResults(info, phases, rowLimits, benchmarks, durability, notes);
        new ReportWriter(options.resultsDir()).write(results);
        ctx.log("report written to %s", options.resultsDir().resolve("report.md"));
        return results;
    }

    private List<String> serviceJvmArgs() {
        List<String> args = new ArrayList<>(plan.serviceJvmArgs());
        args.add("-XX:FlightRecorderOptions=stackdepth=128");
        // JFR attributes a sample to the nearest safepoint's debug info unless this is on: without
        // it, loops (String.equals, map lookups) collect the samples of the code around them
        args.add("-XX:+UnlockDiagnosticVMOptions");
        args.add("-XX:+DebugNonSafepoints");
        return args;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
