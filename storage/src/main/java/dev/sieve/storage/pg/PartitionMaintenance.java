package dev.sieve.storage.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Housekeeping of the events tables, run by the caller on a timer: daily partitions created ahead
 * of time, their statistics targets kept low while they grow and restored once their day is over
 * (schema V32), and recent event ids older than the dedupe window pruned in bounded batches.
 */
public final class PartitionMaintenance {
    /** How long an event id is remembered for dedupe: a retry within it is stored exactly once. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofDays(7);
    static final int DAYS_BACK = 1;
    static final int DAYS_AHEAD = 7;

    private static final String ENSURE_PARTITIONS = "SELECT sieve_ensure_partitions($1, $2)";
    private static final String SETTLE_PARTITIONS = "SELECT sieve_settle_partitions($1)";
    // Bounded: a delete of millions of rows at once would hold locks and bloat WAL in one go.
    private static final String PRUNE_IDS = "DELETE FROM event_ids WHERE event_id IN"
            + " (SELECT event_id FROM event_ids WHERE received_at < $1 LIMIT $2)";

    private final Pool pool;

    public PartitionMaintenance(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** Creates the missing daily partitions from yesterday to 7 days ahead (UTC). Idempotent. */
    public Future<Void> ensurePartitions() {
        return pool.preparedQuery(ENSURE_PARTITIONS)
                .execute(Tuple.of(DAYS_BACK, DAYS_AHEAD))
                .mapEmpty();
    }

    /**
     * Keeps the statistics targets of today's and later partitions at most 10, so that autovacuum's
     * repeated ANALYZE of a growing partition stays short, and gives up to {@code maxAnalyzed} past
     * partitions the parent's targets back, each with one ANALYZE. Idempotent.
     *
     * @return how many past partitions were analyzed; when it equals {@code maxAnalyzed}, more may remain
     */
    public Future<Integer> settlePartitions(int maxAnalyzed) {
        if (maxAnalyzed < 0) {
            return Future.failedFuture(new IllegalArgumentException("maxAnalyzed must be >= 0"));
        }
        return pool.preparedQuery(SETTLE_PARTITIONS)
                .execute(Tuple.of(maxAnalyzed))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Forgets at most {@code batchLimit} event ids received more than {@code window} ago.
     *
     * @return how many were deleted; when it equals {@code batchLimit}, more may remain
     */
    public Future<Integer> pruneDedupeIds(Duration window, int batchLimit) {
        if (window.isNegative() || batchLimit < 1) {
            return Future.failedFuture(new IllegalArgumentException("window must be >= 0 and batchLimit >= 1"));
        }
        Instant cutoff = Instant.now().minus(window);
        return pool.preparedQuery(PRUNE_IDS)
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batchLimit))
                .map(rows -> rows.rowCount());
    }
}
