package dev.sieve.storage.rights;

import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Enqueues one retention job per interval slot (e.g. each hour), whichever nodes ask: the slot is
 * the job's idempotency key, so every node may call {@link #enqueueDue()} on its own timer.
 */
public final class RetentionSchedule {
    private final Pool pool;
    private final Clock clock;
    private final Duration interval;

    public RetentionSchedule(Pool pool, Clock clock, Duration interval) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Enqueues the current slot's run unless some node already did. */
    public Future<Enqueued> enqueueDue() {
        long slot = clock.millis() / interval.toMillis();
        Instant asOf = Instant.ofEpochMilli(slot * interval.toMillis());
        return enqueue(asOf, "retention:" + interval.toMillis() + ":" + slot);
    }

    /** Enqueues a run as of {@code asOf} now (idempotent by {@code key}), e.g. after changing the rules. */
    public Future<Enqueued> enqueue(Instant asOf, String key) {
        NewJob job = new NewJob(UUID.randomUUID(), JobKind.RETENTION, null, null,
                JobRows.MAPPER.createObjectNode().put("asOf", asOf.toString()), key, "system", clock.instant());
        return pool.withTransaction(tx -> RightsJobs.enqueue(tx, job)
                        .compose(enqueued -> tx.preparedQuery(JobRows.NOTIFY).execute(Tuple.of("retention"))
                                .map(enqueued)))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }
}
