package dev.sieve.ingest.query;

import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.query.EventRollups;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link EventRollups#refresh()} on a timer, never two at once on this node (other nodes are
 * kept out by the database's advisory lock). When a run computed a full batch, the next one
 * follows at once, so a first catch-up over a large history does not wait a period per batch.
 */
public final class RollupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RollupSchedule.class);
    private final Vertx vertx;
    private final EventRollups rollups;
    private final long timerId;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closed;

    private RollupSchedule(Vertx vertx, EventRollups rollups, Duration period) {
        this.vertx = vertx;
        this.rollups = rollups;
        this.timerId = vertx.setPeriodic(1_000, period.toMillis(), id -> run());
    }

    /** Starts refreshing every {@code period} (first run after a second). */
    public static RollupSchedule start(Vertx vertx, EventRollups rollups, Duration period) {
        return new RollupSchedule(vertx, rollups, period);
    }

    private void run() {
        if (closed || !running.compareAndSet(false, true)) {
            return;
        }
        refreshUntilCaughtUp().onComplete(ar -> running.set(false));
    }

    private Future<Integer> refreshUntilCaughtUp() {
        return rollups.refresh()
                .onFailure(e -> LOG.warn("rollup refresh failed: {}", DatabaseFailures.describe(e)))
                .compose(n -> {
                    if (n > 0) {
                        LOG.debug("rollups: {} buckets computed", n);
                    }
                    return n >= rollups.maxBuckets() && !closed ? refreshUntilCaughtUp() : Future.succeededFuture(n);
                });
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(timerId);
    }
}
