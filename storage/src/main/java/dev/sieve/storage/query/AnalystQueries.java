package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The analyst aggregates over stored (enforced) events: counts per bucket, top-N values, funnels
 * and retention cohorts. Every answer is k-anonymous: a group with fewer than the scope's k
 * distinct users is never shown, only counted as suppressed. Every query runs read-only under the
 * configured statement timeout ({@link QuerySession}); every value is a bound parameter.
 */
public final class AnalystQueries {
    private final Pool pool;
    private final QuerySettings settings;

    public AnalystQueries(Pool pool, QuerySettings settings) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Events and distinct users per bucket; from rollups where they cover the query, else from events. */
    public Future<CountsResult> counts(CountsQuery query, AnalystScope scope) {
        return QuerySession.attempt(() -> countsNow(query, scope));
    }

    private Future<CountsResult> countsNow(CountsQuery query, AnalystScope scope) {
        Set<Purpose> purposes = scope.effectivePurposes(query.filter().purposes());
        int k = scope.minGroupUsers();
        Optional<RollupPlan> plan = RollupPlan.of(query, purposes);
        TimeRange range = query.filter().range();
        TimeRange whole = plan.map(p -> p.wholeBuckets(range)).orElse(null);
        return QuerySession.run(pool, settings, conn -> {
            if (whole == null) {
                return CountsStatements.fromEvents(conn, query.filter(), List.of(range), purposes, query.grain(), k)
                        .map(part -> result(query.grain(), part, k, 0));
            }
            return CountsStatements.covered(conn, plan.get(), whole)
                    .compose(covered -> mixed(conn, query, plan.get(), covered, purposes, k));
        });
    }

    private static Future<CountsResult> mixed(SqlConnection conn, CountsQuery query, RollupPlan plan,
                                              List<Instant> covered, Set<Purpose> purposes, int k) {
        TimeRange range = query.filter().range();
        List<TimeRange> gaps = plan.uncovered(range, covered);
        if (gaps.size() > RollupPlan.MAX_RAW_RANGES) {
            return CountsStatements.fromEvents(conn, query.filter(), List.of(range), purposes, query.grain(), k)
                    .map(part -> result(query.grain(), part, k, 0));
        }
        Future<CountsStatements.Part> rolled = covered.isEmpty() ? Future.succeededFuture(CountsStatements.Part.NONE)
                : CountsStatements.fromRollups(conn, plan, covered, k);
        return rolled.compose(fromRollups -> (gaps.isEmpty() ? Future.succeededFuture(CountsStatements.Part.NONE)
                        : CountsStatements.fromEvents(conn, query.filter(), gaps, purposes, query.grain(), k))
                .map(fromEvents -> result(query.grain(), fromRollups.plus(fromEvents), k, covered.size())));
    }

    private static CountsResult result(Grain grain, CountsStatements.Part part, int k, int rollupBuckets) {
        List<BucketCount> sorted = new ArrayList<>(part.shown());
        sorted.sort(Comparator.comparing(BucketCount::bucket));
        return new CountsResult(grain, sorted, part.suppressed(), k, rollupBuckets);
    }

    /** The most frequent values of a field or property, each shown only with at least k users. */
    public Future<TopResult> top(TopQuery query, AnalystScope scope) {
        return QuerySession.attempt(() -> topNow(query, scope));
    }

    private Future<TopResult> topNow(TopQuery query, AnalystScope scope) {
        Set<Purpose> purposes = scope.effectivePurposes(query.filter().purposes());
        int k = scope.minGroupUsers();
        SqlParameters params = new SqlParameters();
        String value = query.dimension().sql(params);
        String sql = "WITH " + EventConditions.perActor(value, EventConditions.where(query.filter(), purposes, params)
                + " AND " + value + " IS NOT NULL");
        String kParam = params.add((long) k);
        sql += " (SELECT value, events, users FROM g WHERE users >= " + kParam
                + " ORDER BY events DESC, users DESC, value LIMIT " + params.add(query.limit()) + ")"
                + " UNION ALL SELECT NULL, count(*), NULL FROM g WHERE users < " + kParam;
        String statement = sql;
        return QuerySession.run(pool, settings, conn -> conn.preparedQuery(statement).execute(params.tuple()))
                .map(rows -> {
                    List<ValueCount> shown = new ArrayList<>();
                    int suppressed = 0;
                    for (Row row : rows) {
                        if (row.getString(0) == null) {
                            suppressed = row.getLong(1).intValue();
                        } else {
                            shown.add(new ValueCount(row.getString(0), row.getLong(1), row.getLong(2)));
                        }
                    }
                    shown.sort(Comparator.comparingLong(ValueCount::events).reversed()
                            .thenComparing(Comparator.comparingLong(ValueCount::users).reversed())
                            .thenComparing(ValueCount::value));
                    return new TopResult(query.dimension(), shown, suppressed, k);
                });
    }

    /** Users per funnel step; steps with fewer than k users show null. */
    public Future<FunnelResult> funnel(FunnelQuery query, AnalystScope scope) {
        return QuerySession.attempt(() -> funnelNow(query, scope));
    }

    private Future<FunnelResult> funnelNow(FunnelQuery query, AnalystScope scope) {
        Set<Purpose> purposes = scope.effectivePurposes(query.filter().purposes());
        int k = scope.minGroupUsers();
        SqlParameters params = new SqlParameters();
        String sql = FunnelStatement.sql(query, purposes, params);
        return QuerySession.run(pool, settings, conn -> conn.preparedQuery(sql).execute(params.tuple()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    List<FunnelStep> steps = new ArrayList<>();
                    int suppressed = 0;
                    for (int i = 0; i < query.steps().size(); i++) {
                        long users = row.getLong(i);
                        boolean shown = users == 0 || users >= k;
                        suppressed += shown ? 0 : 1;
                        steps.add(new FunnelStep(i + 1, query.steps().get(i), shown ? users : null));
                    }
                    return new FunnelResult(steps, query.window(), suppressed, k);
                });
    }

    /** Cohorts by first week and their users active in each later week; small ones suppressed. */
    public Future<RetentionResult> retention(RetentionQuery query, AnalystScope scope) {
        return QuerySession.attempt(() -> retentionNow(query, scope));
    }

    private Future<RetentionResult> retentionNow(RetentionQuery query, AnalystScope scope) {
        Set<Purpose> purposes = scope.effectivePurposes(query.filter().purposes());
        int k = scope.minGroupUsers();
        SqlParameters params = new SqlParameters();
        String sql = RetentionStatement.sql(query, purposes, params);
        return QuerySession.run(pool, settings, conn -> conn.preparedQuery(sql).execute(params.tuple()))
                .map(rows -> {
                    TreeMap<Instant, TreeMap<Integer, Long>> cells = new TreeMap<>();
                    for (Row row : rows) {
                        cells.computeIfAbsent(row.getOffsetDateTime(0).toInstant(), w -> new TreeMap<>())
                                .put(row.getInteger(1), row.getLong(2));
                    }
                    return cohorts(cells, query, k);
                });
    }

    private static RetentionResult cohorts(TreeMap<Instant, TreeMap<Integer, Long>> cells, RetentionQuery query,
                                           int k) {
        List<Cohort> cohorts = new ArrayList<>();
        int suppressed = 0;
        Instant end = query.filter().range().to();
        for (var cohort : cells.entrySet()) {
            long size = cohort.getValue().getOrDefault(0, 0L);
            if (size < k) {
                suppressed++;
                continue;
            }
            List<Long> active = new ArrayList<>();
            for (int n = 1; n <= query.weeks(); n++) {
                // Only weeks that ended inside the range are observed; later ones would read as zero.
                if (cohort.getKey().plus(Duration.ofDays(7L * (n + 1))).isAfter(end)) {
                    break;
                }
                long users = cohort.getValue().getOrDefault(n, 0L);
                boolean shown = users == 0 || users >= k;
                suppressed += shown ? 0 : 1;
                active.add(shown ? users : null);
            }
            cohorts.add(new Cohort(cohort.getKey(), size, active));
        }
        return new RetentionResult(cohorts, query.weeks(), suppressed, k);
    }
}
