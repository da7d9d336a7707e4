package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import java.util.List;
import java.util.Set;

/**
 * The SQL of a funnel. Per user: step 1 is their first event of the first type in the range; each
 * next step is their earliest event of the next type strictly after the previous step (by event
 * time, then event id, so that events sent in one batch keep their order and a repeated type needs
 * a second event), and no later than {@code window} after step 1. Built from one fixed fragment per
 * step; types and window are bound parameters.
 */
final class FunnelStatement {
    private FunnelStatement() {
    }

    /** SQL returning one row: users reaching step 1, step 2, ... */
    static String sql(FunnelQuery query, Set<Purpose> purposes, SqlParameters params) {
        List<String> steps = query.steps();
        EventFilter withSteps = new EventFilter(query.filter().range(), steps.stream().distinct().toList(),
                query.filter().purposes(), query.filter().properties());
        StringBuilder sql = new StringBuilder("WITH e AS MATERIALIZED (SELECT ").append(EventConditions.ACTOR)
                .append(" AS actor, event_type, event_time AS t, event_id AS id FROM events WHERE ")
                .append(EventConditions.where(withSteps, purposes, params))
                .append(" AND ").append(EventConditions.ACTOR).append(" IS NOT NULL)");
        String window = params.add(query.window().toSeconds()) + "::bigint * interval '1 second'";
        sql.append(", s1 AS (SELECT DISTINCT ON (actor) actor, t AS t0, t, id FROM e WHERE event_type = ")
                .append(params.add(steps.get(0))).append(" ORDER BY actor, t, id)");
        for (int i = 1; i < steps.size(); i++) {
            sql.append(", s").append(i + 1).append(" AS (SELECT DISTINCT ON (p.actor) p.actor, p.t0, e.t, e.id")
                    .append(" FROM s").append(i).append(" p JOIN e ON e.actor = p.actor AND e.event_type = ")
                    .append(params.add(steps.get(i)))
                    .append(" AND (e.t, e.id) > (p.t, p.id) AND e.t <= p.t0 + ").append(window)
                    .append(" ORDER BY p.actor, e.t, e.id)");
        }
        sql.append(" SELECT ");
        for (int i = 1; i <= steps.size(); i++) {
            sql.append(i == 1 ? "" : ", ").append("(SELECT count(*) FROM s").append(i).append(')');
        }
        return sql.toString();
    }
}
