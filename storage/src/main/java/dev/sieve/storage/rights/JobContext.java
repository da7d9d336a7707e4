package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.storage.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * A claimed job as its handler sees it: the job, its saved progress, and the two ways to change
 * anything. {@link #step} runs one bounded piece of work in its own transaction and commits it
 * together with the new progress and a renewed lease, but only while this claim still holds the
 * job (the lease token on the row is still ours): a runner whose lease passed to another can
 * change nothing. {@link #complete} does the same for the final transaction, which also appends
 * the audit entry and marks the job done, so receipts and audit entries are written exactly once.
 */
final class JobContext {
    private final Pool pool;
    private final AuditLog audit;
    private final Duration lease;
    private final BooleanSupplier stopping;
    private ClaimedJob claimed;
    private ObjectNode progress;

    JobContext(Pool pool, AuditLog audit, Duration lease, BooleanSupplier stopping, ClaimedJob claimed) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        this.claimed = Objects.requireNonNull(claimed, "claimed");
        this.progress = claimed.job().progress().deepCopy();
    }

    RightsJob job() {
        return claimed.job();
    }

    /** The user's pseudonyms held by the job (empty until set). */
    List<String> userKeys() {
        return claimed.userKeys();
    }

    Pool pool() {
        return pool;
    }

    /** The progress as last committed; a copy. */
    ObjectNode progress() {
        return progress.deepCopy();
    }

    /**
     * Runs {@code work} in a transaction with a copy of the progress it may change; commits both
     * only if this claim still holds the job ({@link LeaseLostException} otherwise, and the work is
     * rolled back).
     */
    <T> Future<T> step(BiFunction<SqlConnection, ObjectNode, Future<T>> work) {
        return step(null, work);
    }

    /** A {@link #step} that also saves the user's pseudonyms on the job. */
    <T> Future<T> stepSavingKeys(List<String> keys, BiFunction<SqlConnection, ObjectNode, Future<T>> work) {
        return step(Objects.requireNonNull(keys, "keys"), work).onSuccess(v -> claimed = claimed.withUserKeys(keys));
    }

    private <T> Future<T> step(List<String> keys, BiFunction<SqlConnection, ObjectNode, Future<T>> work) {
        if (stopping.getAsBoolean()) {
            return Future.failedFuture(new RunnerStoppingException());
        }
        ObjectNode next = progress.deepCopy();
        return pool.withTransaction(tx -> work.apply(tx, next).compose(value -> tx.preparedQuery(JobRows.FENCE)
                        .execute(Tuple.of(claimed.job().id(), claimed.leaseToken(), JobRows.json(next),
                                keys == null ? null : keys.toArray(String[]::new), lease.toMillis()))
                        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(value)
                                : Future.<T>failedFuture(new LeaseLostException()))))
                .onSuccess(value -> progress = next);
    }

    /**
     * The final transaction: {@code work} writes what the job leaves (receipts, tombstones) and
     * says how it ended; then the audit entry is appended and the job marked done, all or nothing.
     */
    Future<Void> complete(BiFunction<SqlConnection, ObjectNode, Future<JobOutcome>> work) {
        ObjectNode next = progress.deepCopy();
        RightsJob job = claimed.job();
        return pool.withTransaction(tx -> work.apply(tx, next).compose(outcome -> audit.append(tx,
                                job.requestedBy(), outcome.auditAction(), auditSubject(job), outcome.auditReason(),
                                withJob(outcome.result(), job))
                        .compose(entry -> tx.preparedQuery(JobRows.DONE).execute(Tuple.of(job.id(),
                                claimed.leaseToken(), JobRows.json(next), JobRows.json(outcome.result()))))
                        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
                                : Future.<Void>failedFuture(new LeaseLostException()))))
                .onSuccess(v -> progress = next);
    }

    static String auditSubject(RightsJob job) {
        return job.subjectHash() == null ? "job:" + job.id() : Subjects.auditSubject(job.subjectHash());
    }

    private static ObjectNode withJob(ObjectNode result, RightsJob job) {
        ObjectNode details = result.deepCopy();
        details.put("jobId", job.id().toString()).put("kind", job.kind().wireName());
        return details;
    }
}
