package dev.sieve.loadtest.limits;

import dev.sieve.loadtest.generator.Await;
import dev.sieve.loadtest.generator.EventIds;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.pg.WriterSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import dev.sieve.enforcement.Enforcer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The group-commit writer alone, in this JVM, set up as the service sets it up: one writer per
 * event loop ({@code lanes}), each with its own pool, the service's default writer settings.
 */
public final class WriterLimit {
    private final Vertx vertx;
    private final PgUri uri;
    private final SameRows rows;

    public WriterLimit(Vertx vertx, String pgUri, SameRows rows) {
        this.vertx = vertx;
        this.uri = PgUri.parse(pgUri);
        this.rows = rows;
    }

    /**
     * Writes for warm-up plus measurement; returns rows stored during the measurement.
     *
     * @param writesInFlight per lane: outstanding writes of {@code rowsPerWrite} rows
     */
    public CopyLimit.Measured run(int lanes, int poolSize, int rowsPerWrite, int writesInFlight, boolean enforce,
                                  EventIds ids, double warmupSeconds, double measureSeconds) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong stored = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        // Built here: loading the user-agent rules would block an event loop (as the service does it too).
        Queue<Enforcer> enforcers = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < lanes; i++) {
            enforcers.add(SameRows.newEnforcer());
        }
        String deployment = Await.of(vertx.deployVerticle(() -> new WriterLane(uri.connectOptions(), poolSize,
                        WriterSettings.DEFAULTS, rows, ids, counter, rowsPerWrite, writesInFlight, enforce, running::get,
                        stored, enforcers.remove()),
                new DeploymentOptions().setInstances(lanes)), 30);
        try {
            TimeUnit.MILLISECONDS.sleep(Math.round(warmupSeconds * 1000));
            long before = stored.get();
            long t0 = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(Math.round(measureSeconds * 1000));
            long after = stored.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new CopyLimit.Measured(after - before, seconds);
        } finally {
            running.set(false);
            TimeUnit.SECONDS.sleep(1); // let the last writes commit before their pools close
            Await.of(vertx.undeploy(deployment), 60);
        }
    }
}
