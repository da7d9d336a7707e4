package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The WHERE clause of a query over {@code events}, built from fixed fragments; every value is a
 * bound parameter. Time conditions are on {@code received_at}, so PostgreSQL reads only the daily
 * partitions (and BRIN block ranges) of the range.
 */
final class EventConditions {
    /** Whom an event counts as: the user pseudonym, else the anonymous one (never both for one row). */
    static final String ACTOR = "coalesce(user_key, anonymous_key)";

    private EventConditions() {
    }

    /** Conditions of {@code filter} over its own range, limited to {@code purposes}. */
    static String where(EventFilter filter, Set<Purpose> purposes, SqlParameters params) {
        return where(filter, List.of(filter.range()), purposes, params);
    }

    /** Conditions of {@code filter} over the union of {@code ranges} (not its own range). */
    static String where(EventFilter filter, List<TimeRange> ranges, Set<Purpose> purposes, SqlParameters params) {
        StringBuilder sql = new StringBuilder(ranges.size() == 1 ? "" : "(");
        for (int i = 0; i < ranges.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(received_at >= ").append(params.add(utc(ranges.get(i).from())))
                    .append(" AND received_at < ").append(params.add(utc(ranges.get(i).to()))).append(')');
        }
        sql.append(ranges.size() == 1 ? "" : ")");
        if (!filter.types().isEmpty()) {
            sql.append(" AND event_type = ANY(").append(params.add(filter.types().toArray(String[]::new)))
                    .append("::text[])");
        }
        if (!purposes.containsAll(EnumSet.allOf(Purpose.class))) {
            sql.append(" AND purpose = ANY(").append(params.add(purposes.stream().map(Purpose::wireName)
                    .sorted().toArray(String[]::new))).append("::text[])");
        }
        for (Map.Entry<PropertyPath, String> p : filter.properties().entrySet()) {
            sql.append(" AND properties #>> ").append(params.add(p.getKey().asArray())).append("::text[] = ")
                    .append(params.add(p.getValue())).append("::text");
        }
        return sql.toString();
    }

    /**
     * CTEs {@code a} and {@code g}: {@code g(value, events, users)} groups the rows matching
     * {@code where} by {@code valueSql}. Distinct users come from grouping by (value, actor) first:
     * a hash aggregate, ~40% faster than {@code count(DISTINCT ...)}, which always sorts. Events
     * without any key count as events, not users.
     */
    static String perActor(String valueSql, String where) {
        return "a AS (SELECT " + valueSql + " AS value, " + ACTOR + " AS actor, count(*) AS n FROM events WHERE "
                + where + " GROUP BY 1, 2), g AS (SELECT value, sum(n)::bigint AS events, count(actor) AS users"
                + " FROM a GROUP BY 1)";
    }

    static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
