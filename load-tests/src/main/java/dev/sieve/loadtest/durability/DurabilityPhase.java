package dev.sieve.loadtest.durability;

import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.loadtest.generator.EventTemplate;
import dev.sieve.loadtest.generator.HttpLoad;
import dev.sieve.loadtest.generator.LoadShape;
import dev.sieve.loadtest.generator.LoadTarget;
import dev.sieve.loadtest.generator.PhaseTiming;
import dev.sieve.loadtest.generator.RequestBodies;
import dev.sieve.loadtest.generator.SuiteClock;
import dev.sieve.loadtest.report.DurabilityResult;
import dev.sieve.loadtest.service.ChildProcesses;
import dev.sieve.loadtest.service.Database;
import dev.sieve.loadtest.service.ServiceProcess;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;

/**
 * Durability under load: batches of 100 from several connections, every acknowledged request
 * recorded; SIGKILL to the service JVM and its PostgreSQL mid-run; a restart on the same data
 * directory; then the table is checked against the acknowledgements. Unacknowledged requests
 * are then sent again (as a client retries) and the table checked once more.
 */
public final class DurabilityPhase {
    private static final int BATCH = 100;
    private static final int RETRY_THREADS = 8;
    private static final int RETRY_ATTEMPTS = 5;

    /** Logs a line of progress. */
    public interface Log {
        void log(String format, Object... args);
    }

    private final Vertx vertx;
    private final SuiteClock clock;
    private final ChildProcesses children;
    private final Path resultsDir;
    private final Log log;
    private final String writerKey;

    public DurabilityPhase(Vertx vertx, SuiteClock clock, ChildProcesses children, Path resultsDir, Log log,
                           String writerKey) {
        this.vertx = vertx;
        this.clock = clock;
        this.children = children;
        this.resultsDir = resultsDir;
        this.log = log;
        this.writerKey = writerKey;
    }

    /**
     * @param restarted receives the restarted service, which the caller then owns
     */
    public DurabilityResult run(ServiceProcess service, List<EventTemplate> templates, EventIds ids, int connections,
                                double killAfterSeconds, Consumer<ServiceProcess> restarted) throws Exception {
        RequestBodies bodies = new RequestBodies(templates, ids, BATCH, false);
        AckLedger acks = new AckLedger();
        LoadTarget target = new LoadTarget("127.0.0.1", service.port(), "/v1/events", "Bearer " + writerKey);
        log.log("durability: batches of %d from %d connections, SIGKILL after %.1f s", BATCH, connections,
                killAfterSeconds);
        HttpLoad load = HttpLoad.start(vertx, target, new LoadShape.Closed(connections), bodies, 1, acks);
        ExecutorService killerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "durability-killer");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            sleep(Math.round(killAfterSeconds * 1000));
            try {
                service.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            load.stopSending();
        }, killerThread);
        load.runToEnd(new PhaseTiming(0, (int) Math.ceil(killAfterSeconds) + 30, 15), clock);
        killer.get(60, TimeUnit.SECONDS);
        killerThread.shutdown();
        long killedAt = System.nanoTime();
        long sent = load.issued();
        int acked = acks.count();
        log.log("  killed the service JVM and its PostgreSQL with SIGKILL: %d requests sent, %d acknowledged", sent,
                acked);

        ServiceProcess second = ServiceProcess.start(service.spec(), children, resultsDir.resolve("service.log"));
        restarted.accept(second);
        double restartSeconds = (System.nanoTime() - killedAt) / 1e9;
        log.log("  restarted in %.1f s", restartSeconds);

        Database db = new Database(second.pgUri());
        Map<Long, Integer> rows = db.rowsPerCounter(ids.textTag());
        long ackedMissing = 0;
        long unackedStored = 0;
        for (long r = 0; r < sent; r++) {
            for (long c = bodies.firstCounter(r); c < bodies.firstCounter(r) + BATCH; c++) {
                boolean present = rows.getOrDefault(c, 0) > 0;
                if (acks.isAcked(r) && !present) {
                    ackedMissing++;
                } else if (!acks.isAcked(r) && present) {
                    unackedStored++;
                }
            }
        }
        long twice = rows.values().stream().filter(n -> n > 1).count();
        long retried = retryUnacked(second, bodies, acks, sent);
        Map<Long, Integer> after = db.rowsPerCounter(ids.textTag());
        long missingAfter = 0;
        for (long c = 0; c < sent * BATCH; c++) {
            if (after.getOrDefault(c, 0) == 0) {
                missingAfter++;
            }
        }
        long twiceAfter = after.values().stream().filter(n -> n > 1).count();
        DurabilityResult result = new DurabilityResult(sent * BATCH, (long) acked * BATCH, ackedMissing, twice,
                unackedStored, retried, missingAfter, twiceAfter, killAfterSeconds, restartSeconds,
                "service JVM and its PostgreSQL (postmaster and backends), SIGKILL");
        log.log("  acked events missing: %d, stored twice: %d; unacked but stored: %d; after retrying %d requests: "
                + "missing %d, stored twice %d", ackedMissing, twice, unackedStored, retried, missingAfter, twiceAfter);
        return result;
    }

    /**
     * Sends every unacknowledged request again, byte for byte, from {@value #RETRY_THREADS}
     * threads, each up to {@value #RETRY_ATTEMPTS} times until answered 2xx.
     */
    private long retryUnacked(ServiceProcess service, RequestBodies bodies, AckLedger acks, long sent)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> unacked = LongStream.range(0, sent).filter(r -> !acks.isAcked(r)).boxed().toList();
        ExecutorService pool = Executors.newFixedThreadPool(RETRY_THREADS);
        try {
            for (long r : unacked) {
                pool.submit(() -> retry(http, service.port(), bodies.body(r).getBytes()));
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
        return unacked.size();
    }

    private Void retry(HttpClient http, int port, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + writerKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        for (int attempt = 0; attempt < RETRY_ATTEMPTS; attempt++) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                    return null;
                }
            } catch (java.io.IOException e) {
                // tried again below
            }
            Thread.sleep(200);
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
