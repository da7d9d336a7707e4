package dev.sieve.storage.query;

import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Keeps the hourly and daily rollups ({@code event_rollups}) current: run {@link #refresh()} on a
 * timer (e.g. every minute, beside partition maintenance). Each call computes a bounded number of
 * missing buckets, newest first, among those that closed at least {@code settle} ago (events still
 * in flight must have landed). Safe on several nodes at once: one refreshes, the others return 0.
 * Queries never wait for it: buckets without rollups are counted from the events.
 */
public final class EventRollups {
    /** Default settling delay: longer than any batch or Kafka lag we expect in direct mode. */
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(15);
    /** Hour buckets take ~0.2 s and day buckets ~4 s at 330k events a day on 2 cores. */
    public static final int DEFAULT_MAX_BUCKETS = 24;
    private static final String REFRESH = "SELECT sieve_rollup_refresh($1, $2)";
    private static final String WORK_MEM = "SELECT set_config('work_mem', '64MB', true)";

    private final Pool pool;
    private final Clock clock;
    private final Duration settle;
    private final int maxBuckets;

    public EventRollups(Pool pool, Clock clock, Duration settle, int maxBuckets) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settle = Objects.requireNonNull(settle, "settle");
        if (settle.isNegative() || maxBuckets < 1) {
            throw new IllegalArgumentException("settle must be >= 0 and maxBuckets >= 1");
        }
        this.maxBuckets = maxBuckets;
    }

    public EventRollups(Pool pool) {
        this(pool, Clock.systemUTC(), DEFAULT_SETTLE, DEFAULT_MAX_BUCKETS);
    }

    /**
     * Computes up to {@code maxBuckets} missing buckets.
     *
     * @return how many it computed; when it equals {@code maxBuckets}, more may be missing
     */
    public Future<Integer> refresh() {
        Tuple args = Tuple.of(clock.instant().minus(settle).atOffset(ZoneOffset.UTC), maxBuckets);
        return pool.withTransaction(tx -> tx.query(WORK_MEM).execute()
                        .compose(v -> tx.preparedQuery(REFRESH).execute(args)))
                .map(rows -> rows.iterator().next().getInteger(0))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** The most buckets one {@link #refresh()} computes. */
    public int maxBuckets() {
        return maxBuckets;
    }

    /** Calls {@link #refresh()} until nothing is missing (for tests, tools and a first catch-up). */
    public Future<Integer> refreshAll() {
        return refresh().compose(n -> n < maxBuckets ? Future.succeededFuture(n)
                : refreshAll().map(more -> n + more));
    }
}
