package dev.sieve.ingest.boot;

import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.pg.PartitionMaintenance;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic housekeeping: daily partitions created ahead, their statistics targets settled (low
 * while a partition grows, the parent's once its day is over), old dedupe ids pruned in bounded
 * batches. Each job runs even when the one before it failed: a failing ANALYZE must not leave
 * {@code event_ids} growing without bound.
 */
final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    private static final int PRUNE_BATCH = 10_000;
    // Each past partition settled costs one full ANALYZE (about a second for a busy day's partition).
    private static final int SETTLE_BATCH = 2;

    private final PartitionMaintenance partitions;
    private final Duration dedupeWindow;

    Maintenance(Pool pool, Duration dedupeWindow) {
        this.partitions = new PartitionMaintenance(pool);
        this.dedupeWindow = dedupeWindow;
    }

    /** Runs the three jobs in turn; completes when all have ended, successfully or not (failures are logged). */
    Future<Void> run() {
        return job("partitions created ahead", partitions::ensurePartitions)
                .compose(v -> job("past partitions given full statistics",
                        () -> partitions.settlePartitions(SETTLE_BATCH)))
                .compose(v -> job("dedupe ids pruned", () -> partitions.pruneDedupeIds(dedupeWindow, PRUNE_BATCH)));
    }

    private static <T> Future<Void> job(String name, Supplier<Future<T>> job) {
        return job.get()
                .onSuccess(result -> LOG.debug("maintenance: {}{}", name, result == null ? "" : ": " + result))
                .onFailure(e -> LOG.warn("maintenance: {} failed: {}", name, DatabaseFailures.describe(e)))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }
}
