package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The SQL of counts per bucket, from the events or from the rollups. Both suppress in the
 * database: groups below k never leave PostgreSQL; a last row (bucket NULL) says how many there were.
 */
final class CountsStatements {
    static final String COVERED = "SELECT bucket FROM event_rollup_buckets WHERE grain = $1 AND bucket >= $2"
            + " AND bucket < $3 ORDER BY bucket";
    static final String FROM_ROLLUPS = "WITH g AS (SELECT bucket, events, users FROM event_rollups"
            + " WHERE grain = $1 AND event_type = $2 AND purpose = $3 AND bucket = ANY($4::timestamptz[]))"
            + " SELECT bucket, events, users FROM g WHERE users >= $5"
            + " UNION ALL SELECT NULL, count(*), NULL FROM g WHERE users < $5";

    /** Rows of one part of an answer: shown buckets and how many were suppressed. */
    record Part(List<BucketCount> shown, int suppressed) {
        static final Part NONE = new Part(List.of(), 0);

        Part plus(Part other) {
            List<BucketCount> all = new ArrayList<>(shown);
            all.addAll(other.shown);
            return new Part(all, suppressed + other.suppressed);
        }
    }

    private CountsStatements() {
    }

    static Future<List<Instant>> covered(SqlConnection conn, RollupPlan plan, TimeRange whole) {
        return conn.preparedQuery(COVERED)
                .execute(Tuple.of(plan.grain().wireName(), EventConditions.utc(whole.from()),
                        EventConditions.utc(whole.to())))
                .map(rows -> {
                    List<Instant> buckets = new ArrayList<>();
                    rows.forEach(row -> buckets.add(row.getOffsetDateTime(0).toInstant()));
                    return buckets;
                });
    }

    static Future<Part> fromRollups(SqlConnection conn, RollupPlan plan, List<Instant> buckets, int k) {
        OffsetDateTime[] bound = buckets.stream().map(EventConditions::utc).toArray(OffsetDateTime[]::new);
        return conn.preparedQuery(FROM_ROLLUPS)
                .execute(Tuple.of(plan.grain().wireName(), plan.eventType(), plan.purpose(), bound, (long) k))
                .map(CountsStatements::part);
    }

    static Future<Part> fromEvents(SqlConnection conn, EventFilter filter, List<TimeRange> ranges,
                                   Set<Purpose> purposes, Grain grain, int k) {
        SqlParameters params = new SqlParameters();
        String sql = "WITH " + EventConditions.perActor("date_trunc(" + params.add(grain.wireName())
                + ", received_at, 'UTC')", EventConditions.where(filter, ranges, purposes, params));
        String kParam = params.add((long) k);
        sql += " SELECT value, events, users FROM g WHERE users >= " + kParam
                + " UNION ALL SELECT NULL, count(*), NULL FROM g WHERE users < " + kParam;
        return conn.preparedQuery(sql).execute(params.tuple()).map(CountsStatements::part);
    }

    private static Part part(Iterable<Row> rows) {
        List<BucketCount> shown = new ArrayList<>();
        int suppressed = 0;
        for (Row row : rows) {
            OffsetDateTime bucket = row.getOffsetDateTime(0);
            if (bucket == null) {
                suppressed += row.getLong(1).intValue();
            } else {
                shown.add(new BucketCount(bucket.toInstant(), row.getLong(1), row.getLong(2)));
            }
        }
        return new Part(shown, suppressed);
    }
}
