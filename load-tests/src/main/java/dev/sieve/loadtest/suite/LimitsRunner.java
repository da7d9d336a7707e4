package dev.sieve.loadtest.suite;

import dev.sieve.loadtest.bench.JmhRun;
import dev.sieve.loadtest.generator.TemplateMix;
import dev.sieve.loadtest.limits.CopyLimit;
import dev.sieve.loadtest.limits.MinimalEndpoint;
import dev.sieve.loadtest.limits.SameRows;
import dev.sieve.loadtest.limits.WriterLimit;
import dev.sieve.loadtest.profile.CpuSnapshot;
import dev.sieve.loadtest.report.BenchResult;
import dev.sieve.loadtest.report.PhaseResult;
import dev.sieve.loadtest.report.RowsLimit;
import dev.sieve.loadtest.service.ChildProcesses;
import dev.sieve.loadtest.service.Database;
import dev.sieve.loadtest.service.FreePort;
import dev.sieve.loadtest.service.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The limits beside the service, measured in the same run on the same rows: raw COPY, the
 * writer alone (with and without enforcement in front), the minimal HTTP endpoint, and JMH.
 * The service stays up but idle meanwhile.
 */
final class LimitsRunner {
    /** Service defaults: one writer and pool of 4 per event loop, one event loop per core. */
    private static final int POOL_SIZE = 4;
    private static final int ROWS_PER_WRITE = 100;
    /** Full runs measure the writer with and without enforcement twice each; smoke runs once. */
    private static final double REPEAT_WRITER_FROM_SECONDS = 5;

    private final PhaseContext ctx;
    private final ChildProcesses children;
    private SameRows sameRows;

    LimitsRunner(PhaseContext ctx, ChildProcesses children) {
        this.ctx = ctx;
        this.children = children;
    }

    private synchronized SameRows sameRows() {
        if (sameRows == null) {
            sameRows = new SameRows(ctx.templates(TemplateMix.GRANTED));
        }
        return sameRows;
    }

    List<RowsLimit> rowLimits() throws Exception {
        ServiceProcess service = ctx.service();
        Database db = new Database(service.pgUri());
        double warmup = Math.min(3, ctx.plan.timing().warmupSeconds());
        double measure = ctx.plan.limitSeconds();
        List<RowsLimit> out = new ArrayList<>();
        CopyLimit copy = new CopyLimit(db, sameRows());
        for (int streams : List.of(1, 2)) {
            String name = "copy-" + streams;
            out.add(measure(db, name, "raw COPY, " + streams + (streams == 1 ? " stream" : " streams")
                    + " (pgjdbc CopyManager, 10,000 rows per durable COPY)",
                    () -> copy.run(streams, ctx.nextIds(), warmup, measure)));
        }
        WriterLimit writer = new WriterLimit(ctx.vertx, service.pgUri(), sameRows());
        int lanes = Runtime.getRuntime().availableProcessors();
        int inFlight = Math.max(1, batch100Connections() / lanes);
        Measurement alone = () -> writer.run(lanes, POOL_SIZE, ROWS_PER_WRITE, inFlight, false, ctx.nextIds(),
                warmup, measure);
        Measurement enforced = () -> writer.run(lanes, POOL_SIZE, ROWS_PER_WRITE, inFlight, true, ctx.nextIds(),
                warmup, measure);
        out.add(measure(db, "writer", "group-commit writer alone, " + lanes + " writers, writes of 100 rows, "
                + inFlight * lanes + " in flight", alone));
        out.add(measure(db, "writer-enforced", "enforcement + group-commit writer, same set-up", enforced));
        if (measure >= REPEAT_WRITER_FROM_SECONDS) {
            // B then A again (A-B-B-A): one run of each moved by 10-20 % between suite runs.
            out.add(measure(db, "writer-enforced-2", "enforcement + group-commit writer, repeated", enforced));
            out.add(measure(db, "writer-2", "group-commit writer alone, repeated", alone));
        }
        return out;
    }

    private int batch100Connections() {
        return ctx.plan.scenarios().stream().filter(s -> s.name().equals(Scenario.BATCH_100))
                .mapToInt(Scenario::connections).findFirst().orElse(SuitePlan.BATCH_100_CONNECTIONS);
    }

    private interface Measurement {
        CopyLimit.Measured run() throws Exception;
    }

    private RowsLimit measure(Database db, String name, String title, Measurement m) throws Exception {
        db.resetEvents();
        ServiceProcess service = ctx.service();
        ctx.log("limit %s: %s", name, title);
        CpuSnapshot before = CpuSnapshot.take(service.pid(), service.postmasterPid());
        CopyLimit.Measured measured = m.run();
        CpuSnapshot after = CpuSnapshot.take(service.pid(), service.postmasterPid());
        RowsLimit r = new RowsLimit(name, title, measured.rows(), measured.seconds(), measured.rowsPerSecond(),
                db.eventRows(), after.since(before));
        ctx.log("  %s: %.0f rows/s", name, r.rowsPerSecond());
        return r;
    }

    /**
     * The single-event scenario against a Vert.x endpoint that answers 204, in its own JVM with the
     * service's JVM options (the same heap and collector): the closed model, then the open model at
     * {@code openRate} req/s if it is given (the rate of the service's {@code open-single-<percent>}
     * phase).
     */
    List<PhaseResult> minimalEndpoint(HttpPhases http, Scenario single, String classpath, OptionalDouble openRate,
                                      double openFraction) {
        int port = FreePort.find();
        Path log = ctx.resultsDir.resolve("minimal-endpoint.log");
        try {
            Process p = children.start(new ProcessBuilder(
                    minimalEndpointCommand(javaBin(), ctx.plan.serviceJvmArgs(), classpath, port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(log, StandardCharsets.UTF_8).contains(MinimalEndpoint.READY)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the minimal endpoint did not start; see " + log);
                }
                Thread.sleep(100);
            }
            try {
                if (ctx.plan.warmupSeconds() > 0) {
                    http.warmUntilJitSettles("minimal endpoint", p.pid(),
                            () -> http.warmMinimal(single, port, Math.max(1, ctx.plan.warmupSeconds() / 2)));
                }
                List<PhaseResult> results = new ArrayList<>();
                results.add(http.minimal(single, port, p.pid()));
                if (openRate.isPresent()) {
                    results.add(http.minimalOpen(single, port, p.pid(), openRate.getAsDouble(), openFraction));
                }
                return results;
            } finally {
                p.destroy();
                p.waitFor();
            }
        } catch (Exception e) {
            throw new IllegalStateException("minimal endpoint phase failed", e);
        }
    }

    /** The minimal endpoint's command line: the service's JVM options, so it runs with the same heap and collector. */
    static List<String> minimalEndpointCommand(String java, List<String> serviceJvmArgs, String classpath, int port) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(serviceJvmArgs);
        command.addAll(List.of("-cp", classpath, MinimalEndpoint.class.getName(), Integer.toString(port),
                Integer.toString(Runtime.getRuntime().availableProcessors()), "900"));
        return command;
    }

    List<BenchResult> enforcementBenchmarks(String classpath) throws Exception {
        SuitePlan.JmhSettings j = ctx.plan.jmh();
        ctx.log("JMH: Enforcer.apply and its parts, decode of 100 events (forks %d, %d x %d ms)", j.forks(),
                j.iterations(), j.iterationMillis());
        List<BenchResult> results = JmhRun.run(j.forks(), j.warmupIterations(), j.warmupMillis(), j.iterations(),
                j.iterationMillis(), List.of("-Xmx1g"));
        for (BenchResult r : results) {
            ctx.log("  %s %s: %.0f ops/s", r.benchmark(), r.params(), r.opsPerSecond());
        }
        return results;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
