package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Everything stored about a user, streamed as NDJSON: a header, the consent state and history,
 * every stored event under any of the user's pseudonyms (usable keys), the user's receipts, jobs,
 * tombstones and account closure, then a summary line (a stream without it was cut short). Rows
 * are read through cursors in one read-only, repeatable-read transaction (a consistent snapshot)
 * and written as the client takes them: memory stays bounded whatever the user's volume.
 *
 * <p>Recorded as an {@code export} job (running while it streams, then done or failed) and audited
 * as {@code rights.export}; the content itself is not kept anywhere. The job's lease (24 h) only
 * matters if this node dies mid-stream: a runner then marks the job failed.
 */
public final class UserExport {
    private static final int FETCH = 500;
    private static final String START = "INSERT INTO rights_jobs (id, kind, subject_hash, params, state, attempts,"
            + " idempotency_key, requested_by, started_at, lease_token, lease_until)"
            + " VALUES ($1, 'export', $2, $3::text::jsonb, 'running', 1, $4, $5, now(), $6, now() + interval '24 hours')";
    private static final String END = "UPDATE rights_jobs SET state = $3, finished_at = now(), result = $4::text::jsonb,"
            + " last_error = $5, lease_token = NULL, lease_until = NULL"
            + " WHERE id = $1 AND lease_token = $2 AND state = 'running'";

    private final Pool pool;
    private final AuditLog audit;
    private final SubjectKeys keys;
    private final Clock clock;

    public UserExport(Pool pool, AuditLog audit, PseudonymKeyRing ring, Clock clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.keys = new SubjectKeys(ring, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes the export of {@code userId} to {@code out} (not ended); fails if the stream breaks. */
    public Future<ExportSummary> export(String userId, String actor, String reason, WriteStream<Buffer> out) {
        if (userId == null || userId.isEmpty() || userId.length() > Subjects.MAX_ID_LENGTH
                || actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                    "an export needs a user id of 1-" + Subjects.MAX_ID_LENGTH + " characters, an actor and a reason"));
        }
        UUID jobId = UUID.randomUUID();
        UUID lease = UUID.randomUUID();
        String hash = Subjects.hash(userId);
        List<String> pseudonyms = keys.of(userId);
        ObjectNode params = JobRows.MAPPER.createObjectNode().put("reason", reason);
        return pool.preparedQuery(START)
                .execute(Tuple.of(jobId, hash, params.toString(), "export:" + jobId, actor, lease))
                .compose(started -> pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL"
                                + " REPEATABLE READ, READ ONLY").execute()
                        .compose(v -> write(tx, jobId, userId, hash, pseudonyms, out))))
                .compose(summary -> end(jobId, lease, hash, actor, reason, summary, null).map(summary))
                .recover(failure -> end(jobId, lease, hash, actor, reason, null, failure)
                        .transform(ended -> Future.<ExportSummary>failedFuture(DatabaseFailures.classify(failure))));
    }

    private Future<ExportSummary> write(SqlConnection tx, UUID jobId, String userId, String hash,
                                        List<String> pseudonyms, WriteStream<Buffer> out) {
        ObjectNode header = JobRows.MAPPER.createObjectNode().put("type", "export").put("format", 1)
                .put("jobId", jobId.toString()).put("generatedAt", clock.instant().toString()).put("subjectHash", hash);
        header.set("keyIds", JobRows.strings(SubjectKeys.keyIds(pseudonyms)));
        out.write(ExportLines.encode(header));
        Tuple byId = Tuple.of(userId);
        Tuple byHash = Tuple.of(hash);
        long[] counts = new long[4];
        return stream(tx, ExportLines.CONSENT_STATE, byId, row -> ExportLines.columns("consent_state", row), out)
                .compose(n -> stream(tx, ExportLines.CONSENT_HISTORY, byId,
                        row -> ExportLines.columns("consent_history", row), out).map(m -> counts[1] = n + m))
                .compose(n -> stream(tx, ExportLines.EVENTS, Tuple.of(pseudonyms.toArray(String[]::new)),
                        row -> ExportLines.columns("event", row), out).map(m -> counts[0] = m))
                .compose(n -> stream(tx, Receipts.BY_SUBJECT, byHash,
                        row -> Receipts.toReceipt(row).toJson().put("type", "receipt"), out).map(m -> counts[2] = m))
                .compose(n -> stream(tx, ExportLines.JOBS, byHash,
                        row -> JobRows.toJob(row).toJson().put("type", "job"), out).map(m -> counts[3] = m))
                .compose(n -> stream(tx, ExportLines.ERASURES, byHash, row -> ExportLines.columns("erasure", row), out))
                .compose(n -> stream(tx, ExportLines.CLOSURE, byHash,
                        row -> ExportLines.columns("account_closure", row), out))
                .map(n -> new ExportSummary(jobId, counts[0], counts[1], counts[2], counts[3]))
                .compose(summary -> {
                    out.write(ExportLines.encode(summary(summary)));
                    return Future.succeededFuture(summary);
                });
    }

    /** Streams one query's rows through a cursor; how many. */
    private static Future<Long> stream(SqlConnection tx, String sql, Tuple parameters, Function<Row, ObjectNode> line,
                                       WriteStream<Buffer> out) {
        return tx.prepare(sql).compose(statement -> {
            Cursor cursor = statement.cursor(parameters);
            return page(cursor, line, out, 0).eventually(cursor::close).eventually(statement::close);
        });
    }

    private static Future<Long> page(Cursor cursor, Function<Row, ObjectNode> line, WriteStream<Buffer> out,
                                     long written) {
        return cursor.read(FETCH).compose(rows -> {
            long total = written;
            for (Row row : rows) {
                out.write(ExportLines.encode(line.apply(row)));
                total++;
            }
            long sofar = total;
            return drained(out).compose(v -> cursor.hasMore() ? page(cursor, line, out, sofar)
                    : Future.succeededFuture(sofar));
        });
    }

    /** Waits until the client has taken what was written (backpressure). */
    private static Future<Void> drained(WriteStream<Buffer> out) {
        if (!out.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> drained = Promise.promise();
        out.drainHandler(v -> drained.tryComplete());
        return drained.future();
    }

    private Future<Void> end(UUID jobId, UUID lease, String hash, String actor, String reason, ExportSummary summary,
                             Throwable failure) {
        ObjectNode result = summary == null ? null : summary(summary);
        String error = failure == null ? null : DatabaseFailures.describe(failure);
        ObjectNode details = result != null ? result.deepCopy()
                : JobRows.MAPPER.createObjectNode().put("jobId", jobId.toString()).put("error", error);
        return pool.withTransaction(tx -> tx.preparedQuery(END).execute(Tuple.of(jobId, lease,
                        failure == null ? "done" : "failed", JobRows.json(result), error))
                .compose(v -> audit.append(tx, actor, failure == null ? "rights.export" : "rights.export.failed",
                        Subjects.auditSubject(hash), reason, details))
                .mapEmpty());
    }

    private static ObjectNode summary(ExportSummary summary) {
        return JobRows.MAPPER.createObjectNode().put("type", "summary").put("jobId", summary.jobId().toString())
                .put("events", summary.events()).put("consentRows", summary.consentRows())
                .put("receipts", summary.receipts()).put("jobs", summary.jobs());
    }
}
