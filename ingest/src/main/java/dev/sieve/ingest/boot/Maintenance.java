package dev.sieve.ingest.boot;

import dev.sieve.storage.pg.PartitionMaintenance;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic housekeeping: daily partitions created ahead, their statistics targets settled (low
 * while a partition grows, the parent's once its day is over), old dedupe ids pruned in bounded batches.
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

    Future<Void> run() {
        return partitions.ensurePartitions()
                .compose(v -> partitions.settlePartitions(SETTLE_BATCH))
                .onSuccess(settled -> LOG.debug("{} past partitions given full statistics", settled))
                .compose(v -> partitions.pruneDedupeIds(dedupeWindow, PRUNE_BATCH))
                .onSuccess(pruned -> LOG.debug("maintenance done, {} dedupe ids pruned", pruned))
                .onFailure(e -> LOG.warn("maintenance failed: {}", e.getMessage()))
                .mapEmpty();
    }
}
