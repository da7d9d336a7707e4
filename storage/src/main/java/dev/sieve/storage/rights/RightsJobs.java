package dev.sieve.storage.rights;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The rights jobs table for everyone but the runner: list and read jobs with their receipts, and
 * retry a failed one. Enqueuing goes through {@link RightsRequests} (API requests) or the
 * {@code consent_history} trigger (withdrawals).
 */
public final class RightsJobs {
    /** Most jobs per {@link #list} call. */
    public static final int MAX_LIST = 500;

    private final Pool pool;
    private final AuditLog audit;

    public RightsJobs(Pool pool, AuditLog audit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public Future<Optional<RightsJob>> get(UUID id) {
        return pool.preparedQuery(JobRows.SELECT_ONE).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.<RightsJob>empty()
                        : Optional.of(JobRows.toJob(rows.iterator().next())))
                .recover(RightsJobs::failure);
    }

    /**
     * Jobs newest first, created before {@code before} (null: now), optionally of one state,
     * kind or subject (SHA-256 hex of the user id).
     */
    public Future<List<RightsJob>> list(JobState state, JobKind kind, String subjectHash, Instant before, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_LIST));
        Instant until = before == null ? Instant.now().plusSeconds(1) : before;
        return pool.preparedQuery(JobRows.LIST)
                .execute(Tuple.of(state == null ? null : state.wireName(), kind == null ? null : kind.wireName(),
                        subjectHash, JobRows.utc(until), bounded))
                .map(rows -> {
                    List<RightsJob> jobs = new ArrayList<>(rows.size());
                    rows.forEach(row -> jobs.add(JobRows.toJob(row)));
                    return jobs;
                })
                .recover(RightsJobs::failure);
    }

    /** The receipts a job wrote (none before it is done). */
    public Future<List<Receipt>> receipts(UUID jobId) {
        return Receipts.ofJob(pool, jobId).recover(RightsJobs::failure);
    }

    /**
     * Puts a failed job back to pending with fresh attempts, audited as {@code rights.retry}.
     * {@link ErrorCode#NOT_FOUND} when there is no failed job with this id.
     */
    public Future<RightsJob> retry(UUID id, String actor, String reason) {
        return pool.withTransaction(tx -> tx.preparedQuery(JobRows.RETRY).execute(Tuple.of(id))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(new SieveException(ErrorCode.NOT_FOUND,
                                        "no failed job with this id"));
                            }
                            RightsJob job = JobRows.toJob(rows.iterator().next());
                            return audit.append(tx, actor, "rights.retry", "job:" + id, reason,
                                            JobRows.MAPPER.createObjectNode().put("jobId", id.toString())
                                                    .put("kind", job.kind().wireName()))
                                    .compose(entry -> tx.preparedQuery(JobRows.NOTIFY).execute(Tuple.of("retry")))
                                    .map(job);
                        }))
                .recover(RightsJobs::failure);
    }

    /** Inserts {@code job} in {@code tx}, or finds the job an earlier request already created. */
    static Future<Enqueued> enqueue(SqlConnection tx, NewJob job) {
        return tx.preparedQuery(JobRows.INSERT).execute(JobRows.insertParameters(job)).compose(inserted -> {
            if (inserted.size() == 1) {
                return Future.succeededFuture(new Enqueued(JobRows.toJob(inserted.iterator().next()), true));
            }
            return tx.preparedQuery(JobRows.EXISTING)
                    .execute(Tuple.of(job.idempotencyKey(), job.kind().wireName(), job.subjectHash()))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            // The job we collided with finished in between: the caller may simply retry.
                            throw new SieveException(ErrorCode.STORAGE_UNAVAILABLE, "a concurrent request; retry");
                        }
                        return new Enqueued(JobRows.toJob(rows.iterator().next()), false);
                    });
        });
    }

    /** Claims the oldest claimable job for {@code lease}, if any. */
    static Future<Optional<ClaimedJob>> claim(Pool pool, Duration lease) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(JobRows.CLAIM).execute(Tuple.of(token, lease.toMillis()))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(JobRows.toClaimed(rows.iterator().next(), token)));
    }

    /** Gives a job back: to pending after {@code retryIn}, or to failed for good. False if the lease was lost. */
    static Future<Boolean> release(SqlConnection connection, ClaimedJob claimed, JobState to, Duration retryIn,
                                   String error) {
        return connection.preparedQuery(JobRows.RELEASE)
                .execute(Tuple.of(claimed.job().id(), claimed.leaseToken(), to.wireName(), retryIn.toMillis(), error))
                .map(rows -> rows.rowCount() == 1);
    }

    private static <T> Future<T> failure(Throwable failure) {
        return Future.failedFuture(DatabaseFailures.classify(failure));
    }
}
