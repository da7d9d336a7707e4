package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * For every closed account and rule with {@code afterAccountClosedDays} whose time has come, deletes
 * the user's rows in the rule's scope (by user key, so through the index), partition by partition,
 * then records the purge and a receipt in one step: each (account, scope) is purged once. Progress:
 * {@code closure} (the pair in progress), {@code closurePartition}, {@code closureDeleted},
 * {@code closuresPurged}, {@code closureRows}.
 */
final class ClosurePurges {
    private static final int PAGE = 100;
    private static final String DUE = "WITH rules AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[],"
            + " $4::text[], $5::int4[]) AS r(name, scope, purpose, event_type, days))"
            + " SELECT c.subject_hash, c.user_keys, r.name, r.scope, r.purpose, r.event_type"
            + " FROM rights_account_closures c JOIN rules r ON c.closed_at + r.days * interval '1 day' <= $6"
            + " WHERE NOT EXISTS (SELECT 1 FROM rights_closure_purges p"
            + " WHERE p.subject_hash = c.subject_hash AND p.scope = r.scope)"
            + " ORDER BY c.closed_at, c.subject_hash, r.name LIMIT " + PAGE;
    private static final String WHERE = " WHERE received_at >= $5 AND received_at < $6 AND user_key = ANY($1::text[])"
            + " AND ($3::text IS NULL OR purpose = $3) AND ($4::text IS NULL OR event_type = $4)";
    private static final String HOLDING = "SELECT DISTINCT tableoid::regclass::text FROM events"
            + " WHERE user_key = ANY($1::text[]) AND ($2::text IS NULL OR purpose = $2)"
            + " AND ($3::text IS NULL OR event_type = $3)";
    static final String DELETE = "DELETE FROM events" + WHERE + " AND ctid = ANY(ARRAY(SELECT ctid FROM events" + WHERE
            + " LIMIT $2))";
    private static final String RECORD = "INSERT INTO rights_closure_purges (subject_hash, scope, rows_deleted, job_id)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

    private record Due(String subjectHash, List<String> userKeys, String rule, String scope, String purpose,
                       String eventType) {
        String key() {
            return subjectHash + "/" + scope;
        }
    }

    private final JobContext job;
    private final Instant asOf;
    private final List<RetentionRule> rules;
    private final int batchRows;

    ClosurePurges(JobContext job, Instant asOf, List<RetentionRule> rules, int batchRows) {
        this.job = Objects.requireNonNull(job, "job");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.rules = rules.stream().filter(r -> r.afterAccountClosedDays() != null).toList();
        this.batchRows = batchRows;
    }

    Future<Void> run() {
        if (rules.isEmpty()) {
            return Future.succeededFuture();
        }
        return due().compose(page -> {
            Future<Void> chain = Future.succeededFuture();
            for (Due pair : page) {
                chain = chain.compose(v -> purge(pair));
            }
            return chain.compose(v -> page.size() < PAGE ? Future.succeededFuture() : run());
        });
    }

    private Future<List<Due>> due() {
        int n = rules.size();
        String[] names = new String[n];
        String[] scopes = new String[n];
        String[] purposes = new String[n];
        String[] types = new String[n];
        Integer[] days = new Integer[n];
        for (int i = 0; i < n; i++) {
            RetentionRule rule = rules.get(i);
            names[i] = rule.name();
            scopes[i] = rule.scope();
            purposes[i] = rule.purpose() == null ? null : rule.purpose().wireName();
            types[i] = rule.eventType();
            days[i] = rule.afterAccountClosedDays();
        }
        return job.pool().preparedQuery(DUE)
                .execute(Tuple.wrap(new Object[] {names, scopes, purposes, types, days, JobRows.utc(asOf)}))
                .map(rows -> {
                    List<Due> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new Due(row.getString("subject_hash"), Arrays.asList(row.getArrayOfStrings("user_keys")),
                                row.getString("name"), row.getString("scope"), row.getString("purpose"),
                                row.getString("event_type")));
                    }
                    return page;
                });
    }

    private Future<Void> purge(Due pair) {
        boolean resumed = pair.key().equals(job.progress().path("closure").asText(null));
        Future<Void> started = resumed ? Future.succeededFuture() : job.step((tx, progress) -> {
            progress.put("closure", pair.key()).put("closurePartition", "").put("closureDeleted", 0);
            return Future.succeededFuture();
        });
        String[] keys = pair.userKeys().toArray(String[]::new);
        return started
                .compose(v -> new PartitionBatches(job, "closurePartition", "closureDeleted", batchRows, (tx, partition) ->
                        tx.preparedQuery(DELETE).execute(Tuple.of(keys, batchRows, pair.purpose(), pair.eventType(),
                                        partition.from(), partition.to()))
                                .map(rows -> rows.rowCount())).run(HOLDING, Tuple.of(keys, pair.purpose(), pair.eventType())))
                .compose(v -> job.step((tx, progress) -> {
                    long rows = progress.path("closureDeleted").asLong();
                    ObjectNode details = JobRows.MAPPER.createObjectNode().put("scope", pair.scope())
                            .put("afterAccountClosed", true);
                    progress.remove("closure");
                    progress.put("closuresPurged", progress.path("closuresPurged").asLong() + 1)
                            .put("closureRows", progress.path("closureRows").asLong() + rows);
                    return tx.preparedQuery(RECORD).execute(Tuple.of(pair.subjectHash(), pair.scope(), rows, job.job().id()))
                            .compose(done -> Receipts.insert(tx, job.job(), pair.subjectHash(), new Receipts.Draft(
                                    keys.length == 0 ? null : keys[0], pair.purpose(), pair.rule(), rows, null, details)));
                }));
    }
}
