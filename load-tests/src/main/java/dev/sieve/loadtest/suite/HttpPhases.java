package dev.sieve.loadtest.suite;

import dev.sieve.loadtest.generator.AckListener;
import dev.sieve.loadtest.generator.HttpLoad;
import dev.sieve.loadtest.generator.LoadShape;
import dev.sieve.loadtest.generator.LoadTarget;
import dev.sieve.loadtest.generator.PhaseRecorder;
import dev.sieve.loadtest.generator.PhaseTiming;
import dev.sieve.loadtest.generator.RequestBodies;
import dev.sieve.loadtest.profile.CpuSnapshot;
import dev.sieve.loadtest.profile.CpuUsage;
import dev.sieve.loadtest.profile.JfrRecording;
import dev.sieve.loadtest.profile.JfrSummary;
import dev.sieve.loadtest.profile.JitCompilers;
import dev.sieve.loadtest.profile.PgActivitySampler;
import dev.sieve.loadtest.report.LatencySummary;
import dev.sieve.loadtest.report.PhaseResult;
import dev.sieve.loadtest.report.ProfileSummary;
import dev.sieve.loadtest.report.StorageCheck;
import dev.sieve.loadtest.service.Database;
import dev.sieve.loadtest.service.MaintenanceRuns;
import dev.sieve.loadtest.service.ServiceProcess;
import dev.sieve.loadtest.service.ServiceMetrics;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** Runs HTTP phases against the service (or the minimal endpoint) and turns them into {@link PhaseResult}s. */
final class HttpPhases {
    /** gzip bodies are compressed ahead: this many more than the expected need, at least. */
    private static final double GZIP_MARGIN = 1.6;
    private static final int GZIP_MAX_BODIES = 12_000;
    /** gzip bodies prepared at least, per second of the phase (the batch-100 rate may be misleading). */
    private static final int GZIP_MIN_BODIES_PER_SECOND = 200;

    private final PhaseContext ctx;

    HttpPhases(PhaseContext ctx) {
        this.ctx = ctx;
    }

    /** A closed-model scenario against the service, on emptied tables, not profiled. */
    PhaseResult closed(Scenario s, double expectedRequestsPerSecond) throws Exception {
        return closed(s, expectedRequestsPerSecond, false);
    }

    /**
     * The same scenario again with JFR on the service and pg_stat_activity sampling. Its figures
     * are not used in the ratios: the profilers cost throughput (see docs/performance.md).
     */
    PhaseResult profiled(Scenario s, double expectedRequestsPerSecond) throws Exception {
        return closed(s, expectedRequestsPerSecond, true);
    }

    private PhaseResult closed(Scenario s, double expectedRequestsPerSecond, boolean profile) throws Exception {
        ServiceProcess service = ctx.service();
        Database db = new Database(service.pgUri());
        db.resetEvents();
        RequestBodies bodies = bodies(s, expectedRequestsPerSecond, ctx.plan.timing());
        String name = profile ? s.name() + "-profiled" : s.name();
        String title = profile ? s.title() + ", profiled (JFR + pg_stat_activity sampling)" : s.title();
        return run(name, title, s, new LoadShape.Closed(s.connections()), bodies, serviceTarget(service),
                ctx.plan.timing(), db, profile, service.pid(), service.postmasterPid());
    }

    /** An open-model run of a scenario at {@code rate} requests/s, on emptied tables. */
    PhaseResult open(Scenario s, double rate, double fraction) throws Exception {
        ServiceProcess service = ctx.service();
        Database db = new Database(service.pgUri());
        db.resetEvents();
        RequestBodies bodies = bodies(s, rate, ctx.plan.timing());
        String name = openName(s, fraction);
        String title = s.title() + ", open model at " + Math.round(fraction * 100) + " % of the closed maximum";
        return run(name, title, s, openShape(s, rate), bodies, serviceTarget(service),
                ctx.plan.timing(), db, false, service.pid(), service.postmasterPid());
    }

    /** The same single-event requests against an endpoint that only answers 204 (no table). */
    PhaseResult minimal(Scenario s, int port, long endpointPid) throws Exception {
        return minimal("minimal-endpoint", "minimal Vert.x endpoint answering 204 (" + s.title() + ")", s,
                new LoadShape.Closed(s.connections()), port, endpointPid);
    }

    /**
     * The open model against the minimal endpoint at the offered rate of the service's
     * {@code open-<scenario>-<percent>} phase, with its connections: the latency this machine's
     * generator and HTTP alone give at that rate, the floor under the service's p99.
     */
    PhaseResult minimalOpen(Scenario s, int port, long endpointPid, double rate, double fraction) throws Exception {
        return minimal("open-minimal-endpoint-" + Math.round(fraction * 100), "minimal Vert.x endpoint answering 204 ("
                        + s.title() + "), open model at the rate of " + openName(s, fraction),
                s, openShape(s, rate), port, endpointPid);
    }

    /** The name of the open-model phase of {@code s} at {@code fraction} of its closed maximum. */
    static String openName(Scenario s, double fraction) {
        return "open-" + s.name() + "-" + Math.round(fraction * 100);
    }

    private PhaseResult minimal(String name, String title, Scenario s, LoadShape shape, int port, long endpointPid)
            throws Exception {
        RequestBodies bodies = bodies(s, 0, ctx.plan.timing());
        LoadTarget target = new LoadTarget("127.0.0.1", port, "/v1/events", "Bearer " + ctx.writerKey);
        return run(name, title, s, shape, bodies, target, ctx.plan.timing(), null, false, endpointPid, -1);
    }

    private LoadShape.Open openShape(Scenario s, double rate) {
        double ramp = Math.min(OPEN_RAMP_SECONDS, ctx.plan.timing().warmupSeconds());
        return new LoadShape.Open(rate, Math.max(64, s.connections()), ramp);
    }

    /** The open model reaches its rate over this long, within the phase's warm-up. */
    static final double OPEN_RAMP_SECONDS = 3;
    /** JIT compiler threads busy below this (cores, averaged over a round) count as settled. */
    static final double JIT_SETTLED_CORES = 0.05;
    /** The longest warm-up, settled or not. */
    static final int MAX_WARMUP_SECONDS = 240;

    /** One round of untimed warm-up load. */
    interface WarmUpRound {
        void run() throws Exception;
    }

    /**
     * Repeats {@code round} until the JIT compiler threads of process {@code pid} used less than
     * {@value #JIT_SETTLED_CORES} cores over a round, or {@value #MAX_WARMUP_SECONDS} s passed.
     * On 2 cores the service's C2 compiler stayed ~0.4 cores busy for its first 70-80 s of load,
     * and a scenario measured then ran 30-40 % slower than once it settled.
     */
    void warmUntilJitSettles(String who, long pid, WarmUpRound round) throws Exception {
        double spent = 0;
        for (int k = 1; ; k++) {
            double jitBefore = JitCompilers.cpuSeconds(pid);
            long started = System.nanoTime();
            round.run();
            double seconds = (System.nanoTime() - started) / 1e9;
            spent += seconds;
            double jitCores = (JitCompilers.cpuSeconds(pid) - jitBefore) / seconds;
            boolean settled = jitCores < JIT_SETTLED_CORES;
            ctx.log("warm-up of the %s, round %d (%.0f s): JIT compilers used %.2f cores%s", who, k, seconds, jitCores,
                    settled ? ", settled" : spent >= MAX_WARMUP_SECONDS ? ", not settled: measuring anyway" : "");
            if (settled || spent >= MAX_WARMUP_SECONDS) {
                return;
            }
        }
    }

    /** Untimed load to warm the service's JIT: results are discarded. */
    void warmUp(Scenario s, int seconds) throws Exception {
        ServiceProcess service = ctx.service();
        RequestBodies bodies = new RequestBodies(ctx.templates(s.mix()), ctx.nextIds(), s.batchSize(), false);
        HttpLoad.start(ctx.vertx, serviceTarget(service), new LoadShape.Closed(s.connections()), bodies,
                ctx.plan.clientLoops(), AckListener.NONE).runToEnd(new PhaseTiming(0, seconds, 10), ctx.clock);
    }

    /** Untimed load on the minimal endpoint, to warm its JIT as the service's was. */
    void warmMinimal(Scenario s, int port, int seconds) {
        RequestBodies bodies = new RequestBodies(ctx.templates(s.mix()), ctx.nextIds(), s.batchSize(), false);
        HttpLoad.start(ctx.vertx, new LoadTarget("127.0.0.1", port, "/v1/events", "Bearer " + ctx.writerKey),
                new LoadShape.Closed(s.connections()), bodies, ctx.plan.clientLoops(), AckListener.NONE)
                .runToEnd(new PhaseTiming(0, seconds, 10), ctx.clock);
    }

    LoadTarget serviceTarget(ServiceProcess service) {
        return new LoadTarget("127.0.0.1", service.port(), "/v1/events", "Bearer " + ctx.writerKey);
    }

    private RequestBodies bodies(Scenario s, double requestsPerSecond, PhaseTiming timing) {
        RequestBodies bodies = new RequestBodies(ctx.templates(s.mix()), ctx.nextIds(), s.batchSize(), s.gzip());
        if (s.gzip()) {
            double rate = requestsPerSecond > 0 ? requestsPerSecond : 2_000;
            int needed = (int) Math.ceil(rate * (timing.warmupSeconds() + timing.measureSeconds()) * GZIP_MARGIN);
            int floor = GZIP_MIN_BODIES_PER_SECOND * (timing.warmupSeconds() + timing.measureSeconds());
            bodies.prepareGzip(Math.max(floor, Math.min(GZIP_MAX_BODIES, needed)));
        }
        return bodies;
    }

    private PhaseResult run(String name, String title, Scenario s, LoadShape shape, RequestBodies bodies,
                            LoadTarget target, PhaseTiming timing, Database db, boolean profile, long servicePid,
                            long postmasterPid) throws Exception {
        JfrRecording jfr = profile ? JfrRecording.start(servicePid, name, ctx.resultsDir.resolve(name + ".jfr")) : null;
        PgActivitySampler pgActivity = profile && db != null ? PgActivitySampler.start(db,
                timing.warmupSeconds() + timing.measureSeconds() + timing.drainSeconds() + 10) : null;
        ctx.log("phase %s: %s", name, describe(shape));
        AtomicReference<CpuSnapshot> cpuStart = new AtomicReference<>();
        AtomicReference<CpuUsage> cpu = new AtomicReference<>();
        MaintenanceRuns maintenanceBefore = db == null ? MaintenanceRuns.NONE : db.maintenanceRuns();
        long walSegmentsBefore = db == null ? 0 : db.walSegments();
        ServiceMetrics serviceBefore = db == null ? ServiceMetrics.NONE : ServiceMetrics.read(target.port());
        HttpLoad load = HttpLoad.start(ctx.vertx, target, shape, bodies, ctx.plan.clientLoops(), AckListener.NONE);
        PhaseRecorder rec = load.runToEnd(timing, ctx.clock,
                () -> cpuStart.set(CpuSnapshot.take(servicePid, postmasterPid)),
                () -> cpu.set(CpuSnapshot.take(servicePid, postmasterPid).since(cpuStart.get())));
        ProfileSummary summary = null;
        if (jfr != null) {
            Path file = jfr.stop();
            summary = JfrSummary.read(file);
        }
        if (pgActivity != null) {
            pgActivity.close();
            summary = summary == null ? null : summary.withPostgres(pgActivity.shares(), pgActivity.samples());
        }
        ServiceMetrics service = db == null ? null : ServiceMetrics.read(target.port()).since(serviceBefore);
        StorageCheck storage = db == null ? null
                : new StorageCheck(rec.storedEventsAcked(), rec.storedEventsSent(), db.eventRows(),
                        db.maintenanceRuns().since(maintenanceBefore),
                        service.statements(), Math.max(0, db.walSegments() - walSegmentsBefore),
                        service.ingestResponses());
        double seconds = rec.measuredSeconds();
        PhaseResult result = new PhaseResult(name, title, db == null ? "minimal endpoint" : "service",
                shape instanceof LoadShape.Open ? "open" : "closed", s.batchSize(), s.gzip(), s.mix().name(),
                shape.connections(), shape instanceof LoadShape.Open o ? o.requestsPerSecond() : 0, seconds,
                rec.measuredRequests(), rec.measuredEvents(), rec.measuredErrors(), rec.errorKinds(),
                load.unanswered(), seconds == 0 ? 0 : rec.measuredRequests() / seconds,
                seconds == 0 ? 0 : rec.measuredEvents() / seconds, LatencySummary.of(rec.measuredLatency()),
                rec.intervals(), storage, cpu.get(), summary, rec.acknowledgedRequests());
        ctx.log("  %s: %.0f req/s, %.0f events/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, errors %d%s", name,
                result.requestsPerSecond(), result.eventsPerSecond(), result.latency().p50Ms(), result.latency().p99Ms(),
                result.latency().maxMs(), result.errors(),
                storage == null ? "" : ", table " + (storage.consistent() ? "consistent" : "INCONSISTENT")
                        + " (" + storage.rowsInTable() + " rows, " + storage.storedAcked() + " acked)");
        return result;
    }

    private static String describe(LoadShape shape) {
        if (shape instanceof LoadShape.Open o) {
            return String.format("open model, %.0f req/s, up to %d connections", o.requestsPerSecond(),
                    o.connections());
        }
        return "closed model, " + shape.connections() + " connections";
    }
}
