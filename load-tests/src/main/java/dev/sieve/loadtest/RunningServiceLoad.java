package dev.sieve.loadtest;

import dev.sieve.loadtest.generator.AckListener;
import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.loadtest.generator.EventTemplate;
import dev.sieve.loadtest.generator.HttpLoad;
import dev.sieve.loadtest.generator.IntervalStats;
import dev.sieve.loadtest.generator.LoadShape;
import dev.sieve.loadtest.generator.LoadTarget;
import dev.sieve.loadtest.generator.PhaseRecorder;
import dev.sieve.loadtest.generator.PhaseTiming;
import dev.sieve.loadtest.generator.RequestBodies;
import dev.sieve.loadtest.generator.SuiteClock;
import dev.sieve.loadtest.generator.SyntheticEvents;
import dev.sieve.loadtest.generator.TemplateMix;
import dev.sieve.loadtest.report.LatencySummary;
import dev.sieve.loadtest.service.ConsentSeeder;
import dev.sieve.loadtest.service.Database;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One closed-model phase against a Sieve that is already running (any role, e.g. an ingest node in
 * Kafka mode), with the suite's generator and templates. Prints events/s and latency percentiles;
 * with {@code --pg-url}, also waits until the acknowledged events are in the table and prints how
 * long storage took to catch up after the last acknowledgement (Kafka mode stores asynchronously).
 */
@Command(name = "running-service-load", mixinStandardHelpOptions = true,
        description = "Closed-model (or, with --rate, open-model) load against a running Sieve on 127.0.0.1.")
public final class RunningServiceLoad implements Callable<Integer> {
    private static final long SEED = 20_261_129L;

    @Option(names = "--port", required = true, description = "HTTP port of the (ingest) node on 127.0.0.1.")
    int port;

    @Option(names = "--writer-key", required = true)
    String writerKey;

    @Option(names = "--consent-key", description = "Seed consent for the synthetic users first (as the suite does).")
    String consentKey;

    @Option(names = "--pg-url", description = "PostgreSQL of the service: count the stored events after the run.")
    String pgUrl;

    @Option(names = "--batch", defaultValue = "100")
    int batch;

    @Option(names = "--connections", defaultValue = "16")
    int connections;

    @Option(names = "--rate", description = "Open model at this many requests/s (up to --connections at once, "
            + "latency counted from when each request was due) instead of the closed model.")
    Double rate;

    @Option(names = "--warmup-seconds", defaultValue = "10")
    int warmupSeconds;

    @Option(names = "--measure-seconds", defaultValue = "20")
    int measureSeconds;

    @Option(names = "--runs", defaultValue = "1",
            description = "Run the phase this many times in a row, each on new connections (the first warms this JVM).")
    int runs;

    @Option(names = "--per-second", description = "Also print each second's requests and latency percentiles.")
    boolean perSecond;

    @Option(names = "--users", defaultValue = "15000")
    int users;

    @Option(names = "--templates", defaultValue = "10007")
    int templates;

    @Option(names = "--client-loops", defaultValue = "1")
    int clientLoops;

    private final PrintStream out;

    public RunningServiceLoad() {
        this(System.out);
    }

    /** Prints its results to {@code out} instead of standard output. */
    RunningServiceLoad(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RunningServiceLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (measureSeconds > 60) {
            throw new IllegalArgumentException("--measure-seconds: at most 60");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs: at least 1");
        }
        if (consentKey != null) {
            out.printf("consent recorded for %d users%n", ConsentSeeder.seed(port, consentKey, users, 300));
        }
        Database db = pgUrl == null ? null : new Database(pgUrl);
        long rowsBefore = db == null ? 0 : db.eventRows();
        List<EventTemplate> events = SyntheticEvents.templates(SEED, templates, users, TemplateMix.GRANTED, Instant.now());
        int firstTag = (int) (System.currentTimeMillis() / 1000 % 100_000);
        Vertx vertx = Vertx.vertx();
        try {
            SuiteClock clock = new SuiteClock();
            long acked = 0;
            long errors = 0;
            for (int run = 1; run <= runs; run++) {
                // Each run its own id tag: a run that sent the ids of the one before would measure dedupe.
                RequestBodies bodies = new RequestBodies(events, new EventIds(firstTag + run), batch, false);
                PhaseRecorder rec = runOnce(vertx, clock, bodies, run);
                acked += rec.storedEventsAcked();
                errors += rec.measuredErrors();
            }
            double ackedAt = clock.now();
            if (db != null) {
                long stored;
                while ((stored = db.eventRows() - rowsBefore) < acked && clock.now() - ackedAt < 120) {
                    Thread.sleep(100);
                }
                out.printf("stored %d of %d acknowledged events (warm-up included), %.1f s after the last "
                        + "acknowledgement%n", stored, acked, clock.now() - ackedAt);
            }
            return errors == 0 ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** One warm-up and measurement on fresh connections; the JVM (and so its JIT) stays warm across runs. */
    private PhaseRecorder runOnce(Vertx vertx, SuiteClock clock, RequestBodies bodies, int run) throws Exception {
        HttpLoad load = HttpLoad.start(vertx, new LoadTarget("127.0.0.1", port, "/v1/events", "Bearer " + writerKey),
                shape(), bodies, clientLoops, AckListener.NONE);
        PhaseRecorder rec = load.runToEnd(new PhaseTiming(warmupSeconds, measureSeconds, 10), clock);
        LatencySummary latency = LatencySummary.of(rec.measuredLatency());
        double seconds = rec.measuredSeconds();
        String model = rate == null ? "closed model" : "open model at " + rate + " req/s";
        out.printf("run %d: batch %d, %s, %d connections, %d s measured: %.0f events/s (%.0f req/s), "
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms, errors %d, unanswered %d%n",
                run, batch, model, connections, measureSeconds, rec.measuredEvents() / seconds,
                rec.measuredRequests() / seconds,
                latency.p50Ms(), latency.p90Ms(), latency.p99Ms(), latency.maxMs(), rec.measuredErrors(),
                load.unanswered());
        if (perSecond) {
            for (IntervalStats s : rec.intervals()) {
                out.printf("  %6.1f s %-8s %6d req  p50 %7.2f  p99 %7.2f  max %7.1f ms  errors %d%n",
                        s.atSeconds(), s.measured() ? "measured" : "warm-up", s.requests(), s.p50Ms(), s.p99Ms(),
                        s.maxMs(), s.errors());
            }
        }
        return rec;
    }

    private LoadShape shape() {
        if (rate == null) {
            return new LoadShape.Closed(connections);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate: must be more than 0");
        }
        return new LoadShape.Open(rate, connections, Math.min(3, warmupSeconds));
    }
}
