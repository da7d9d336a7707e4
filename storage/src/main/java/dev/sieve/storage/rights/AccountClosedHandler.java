package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

/**
 * Records a closed account ({@code rights_account_closures}): when it closed, and the user's
 * pseudonyms, which the retention job uses once a rule's {@code afterAccountClosedDays} have
 * passed. Closing again moves the clock to the new closing time and adds any new pseudonyms.
 */
final class AccountClosedHandler implements JobHandler {
    private static final String UPSERT = "INSERT INTO rights_account_closures (subject_hash, user_keys, closed_at, job_id)"
            + " VALUES ($1, $2::text[], $3::text::timestamptz, $4) ON CONFLICT (subject_hash) DO UPDATE SET"
            + " user_keys = ARRAY(SELECT DISTINCT k FROM unnest(rights_account_closures.user_keys || excluded.user_keys) AS k),"
            + " closed_at = excluded.closed_at, recorded_at = now(), job_id = excluded.job_id";

    @Override
    public JobKind kind() {
        return JobKind.ACCOUNT_CLOSED;
    }

    @Override
    public Future<Void> run(JobContext job) {
        RightsJob request = job.job();
        String closedAt = request.params().path("closedAt").asText();
        ObjectNode result = JobRows.MAPPER.createObjectNode().put("closedAt", closedAt);
        result.set("keyIds", JobRows.strings(SubjectKeys.keyIds(job.userKeys())));
        String userKey = job.userKeys().isEmpty() ? null : job.userKeys().get(0);
        return job.complete((tx, progress) -> tx.preparedQuery(UPSERT)
                .execute(Tuple.of(request.subjectHash(), job.userKeys().toArray(String[]::new), closedAt, request.id()))
                .compose(v -> Receipts.insert(tx, request, new Receipts.Draft(userKey, null, null, 0, null, result)))
                .map(v -> new JobOutcome(result, "rights.account_closed",
                        request.params().path("reason").asText("account closed"))));
    }
}
