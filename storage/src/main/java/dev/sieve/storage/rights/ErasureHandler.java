package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Erases a user: every stored event under any of the job's pseudonyms (one per usable key),
 * partition by partition in bounded deletes; then, in the completing transaction, the consent
 * record (subjects, state, history; found by hash), the pseudonyms kept by closures, receipts and
 * finished jobs, and a tombstone in their place. The quarantine was set when it was requested.
 * Progress: {@code partition}, {@code deleted}.
 */
final class ErasureHandler implements JobHandler {
    private static final String WHERE = " WHERE received_at >= $3 AND received_at < $4 AND user_key = ANY($1::text[])";
    private static final String HOLDING = "SELECT DISTINCT tableoid::regclass::text FROM events"
            + " WHERE user_key = ANY($1::text[])";
    static final String DELETE = "DELETE FROM events" + WHERE + " AND ctid = ANY(ARRAY(SELECT ctid FROM events" + WHERE
            + " LIMIT $2))";
    private static final String CONSENT = "WITH subject AS (SELECT subject_id FROM consent_subjects"
            + " WHERE sieve_subject_hash(subject_id) = $1),"
            + " history AS (DELETE FROM consent_history h USING subject s WHERE h.subject_id = s.subject_id RETURNING 1),"
            + " state AS (DELETE FROM consent_state c USING subject s WHERE c.subject_id = s.subject_id RETURNING 1),"
            + " subjects AS (DELETE FROM consent_subjects c USING subject s WHERE c.subject_id = s.subject_id RETURNING 1)"
            + " SELECT (SELECT count(*) FROM history) + (SELECT count(*) FROM state) + (SELECT count(*) FROM subjects),"
            + " pg_notify('sieve_consent', $1)";
    private static final String CLOSURES = "DELETE FROM rights_account_closures WHERE subject_hash = $1";
    private static final String JOB_KEYS = "UPDATE rights_jobs SET user_keys = NULL"
            + " WHERE subject_hash = $1 AND user_keys IS NOT NULL AND state IN ('done', 'failed')";
    private static final String TOMBSTONE = "INSERT INTO rights_erasures (job_id, subject_hash, key_ids, requested_at,"
            + " erased_at, events_deleted, consent_rows_deleted, quarantine_until, requested_by)"
            + " VALUES ($1, $2, $3::text[], $4, now(), $5, $6, $7::text::timestamptz, $8)";

    private final int batchRows;

    ErasureHandler(int batchRows) {
        this.batchRows = batchRows;
    }

    @Override
    public JobKind kind() {
        return JobKind.ERASURE;
    }

    @Override
    public Future<Void> run(JobContext job) {
        String[] keys = job.userKeys().toArray(String[]::new);
        Future<Void> events = keys.length == 0 ? Future.succeededFuture()
                : new PartitionBatches(job, "partition", "deleted", batchRows, (tx, partition) ->
                tx.preparedQuery(DELETE).execute(Tuple.of(keys, batchRows, partition.from(), partition.to()))
                        .map(rows -> rows.rowCount())).run(HOLDING, Tuple.of((Object) keys));
        return events.compose(v -> job.complete((tx, progress) -> leaveTombstone(tx, job, progress)));
    }

    private static Future<JobOutcome> leaveTombstone(SqlConnection tx, JobContext context, ObjectNode progress) {
        RightsJob job = context.job();
        String hash = job.subjectHash();
        long events = progress.path("deleted").asLong();
        String[] keyIds = SubjectKeys.keyIds(context.userKeys()).toArray(String[]::new);
        return tx.preparedQuery(CONSENT).execute(Tuple.of(hash))
                .map(rows -> rows.iterator().next().getLong(0))
                .compose(consentRows -> tx.preparedQuery(CLOSURES).execute(Tuple.of(hash))
                        .compose(v -> tx.preparedQuery(Receipts.UNLINK_SUBJECT).execute(Tuple.of(hash)))
                        .compose(v -> tx.preparedQuery(JOB_KEYS).execute(Tuple.of(hash)))
                        .compose(v -> tx.preparedQuery(TOMBSTONE).execute(Tuple.wrap(new Object[] {job.id(), hash,
                                keyIds, JobRows.utc(job.createdAt()), events, consentRows,
                                job.params().path("quarantineUntil").asText(), job.requestedBy()})))
                        .compose(v -> {
                            ObjectNode result = JobRows.MAPPER.createObjectNode().put("eventsDeleted", events)
                                    .put("consentRowsDeleted", consentRows)
                                    .put("quarantineUntil", job.params().path("quarantineUntil").asText());
                            result.set("keyIds", JobRows.strings(List.of(keyIds)));
                            return Receipts.insert(tx, job, new Receipts.Draft(null, null, null, events, null, result))
                                    .map(done -> new JobOutcome(result, "rights.erasure",
                                            job.params().path("reason").asText("erasure requested")));
                        }));
    }
}
