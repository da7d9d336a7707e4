package dev.sieve.storage.rights;

import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of rights jobs by state for metrics. {@link #refresh()} asks the database (call it on a
 * timer); {@link #latest()} answers at once from the last refresh, for gauges. Thread-safe.
 */
public final class JobStats {
    private static final String COUNTS = "SELECT state, count(*) AS jobs,"
            + " coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'pending')), 0)::float8"
            + " AS oldest FROM rights_jobs GROUP BY state";

    private final Pool pool;
    private volatile JobCounts latest = JobCounts.NONE;

    public JobStats(Pool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public Future<JobCounts> refresh() {
        return pool.query(COUNTS).execute().map(rows -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            double oldest = 0;
            for (Row row : rows) {
                JobState.fromWire(row.getString("state")).ifPresent(s -> counts.put(s, row.getLong("jobs")));
                oldest = Math.max(oldest, row.getDouble("oldest"));
            }
            JobCounts fresh = new JobCounts(counts, oldest);
            latest = fresh;
            return fresh;
        }).recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    public JobCounts latest() {
        return latest;
    }
}
