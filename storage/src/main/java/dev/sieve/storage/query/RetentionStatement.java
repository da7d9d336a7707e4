package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import java.util.Set;

/**
 * The SQL of retention cohorts: each user's active UTC weeks (Monday start) in the range, their
 * first such week as cohort, and per cohort and week offset the users active.
 */
final class RetentionStatement {
    private RetentionStatement() {
    }

    /** Rows (cohort, n, users) for week offsets 0 to {@code weeks}. */
    static String sql(RetentionQuery query, Set<Purpose> purposes, SqlParameters params) {
        return "WITH a AS (SELECT " + EventConditions.ACTOR + " AS actor, date_trunc('week', received_at, 'UTC')"
                + " AS week FROM events WHERE " + EventConditions.where(query.filter(), purposes, params)
                + " AND " + EventConditions.ACTOR + " IS NOT NULL GROUP BY 1, 2),"
                + " f AS (SELECT actor, min(week) AS cohort FROM a GROUP BY actor),"
                + " c AS (SELECT f.cohort, round(extract(epoch FROM a.week - f.cohort) / 604800)::int AS n"
                + " FROM a JOIN f USING (actor))"
                + " SELECT cohort, n, count(*) AS users FROM c WHERE n <= " + params.add(query.weeks())
                + " GROUP BY 1, 2 ORDER BY 1, 2";
    }
}
