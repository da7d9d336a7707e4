package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes and reads {@code rights_receipts}. Receipts are written in a job's completing transaction only. */
final class Receipts {
    private static final String COLUMNS = "id, job_id, kind, subject_hash, user_key, purpose, rule, rows_changed,"
            + " policy_version, started_at, finished_at, details::text AS details";
    private static final String INSERT = "INSERT INTO rights_receipts (job_id, kind, subject_hash, user_key, purpose,"
            + " rule, rows_changed, policy_version, started_at, finished_at, details)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), clock_timestamp(), $10::text::jsonb)";
    static final String BY_JOB = "SELECT " + COLUMNS + " FROM rights_receipts WHERE job_id = $1 ORDER BY id";
    static final String BY_SUBJECT = "SELECT " + COLUMNS + " FROM rights_receipts WHERE subject_hash = $1 ORDER BY id";
    static final String UNLINK_SUBJECT = "UPDATE rights_receipts SET user_key = NULL"
            + " WHERE subject_hash = $1 AND user_key IS NOT NULL";

    /** What to record; {@code userKey}, {@code purpose}, {@code rule}, {@code policyVersion} may be null. */
    record Draft(String userKey, String purpose, String rule, long rowsChanged, Long policyVersion,
                 ObjectNode details) {
    }

    private Receipts() {
    }

    static Future<Void> insert(SqlConnection tx, RightsJob job, Draft draft) {
        return insert(tx, job, job.subjectHash(), draft);
    }

    /** A receipt about another subject than the job's (a retention job purging a closed account). */
    static Future<Void> insert(SqlConnection tx, RightsJob job, String subjectHash, Draft draft) {
        return tx.preparedQuery(INSERT).execute(Tuple.wrap(new Object[] {job.id(), job.kind().wireName(),
                        subjectHash, draft.userKey(), draft.purpose(), draft.rule(), draft.rowsChanged(),
                        draft.policyVersion(), JobRows.utc(job.startedAt()), JobRows.json(draft.details())}))
                .mapEmpty();
    }

    static Future<List<Receipt>> select(SqlClient client, String sql, Object key) {
        return client.preparedQuery(sql).execute(Tuple.of(key)).map(rows -> {
            List<Receipt> receipts = new ArrayList<>(rows.size());
            rows.forEach(row -> receipts.add(toReceipt(row)));
            return receipts;
        });
    }

    static Receipt toReceipt(Row row) {
        return new Receipt(row.getLong("id"), row.getUUID("job_id"),
                JobKind.fromWire(row.getString("kind")).orElseThrow(), row.getString("subject_hash"),
                row.getString("user_key"), row.getString("purpose"), row.getString("rule"),
                row.getLong("rows_changed"), row.getLong("policy_version"),
                row.getOffsetDateTime("started_at").toInstant(), row.getOffsetDateTime("finished_at").toInstant(),
                JobRows.object(row.getString("details")));
    }

    static Future<List<Receipt>> ofJob(SqlClient client, UUID jobId) {
        return select(client, BY_JOB, jobId);
    }
}
