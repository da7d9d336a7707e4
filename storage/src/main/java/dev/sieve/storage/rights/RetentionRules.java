package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The privacy team's retention rules ({@code retention_rules}): read, and replaced as a whole in
 * one transaction that appends a {@code retention.update} audit entry with the rules before and
 * after. Changes take effect at the next retention run.
 */
public final class RetentionRules {
    /** Most rules in a set. */
    public static final int MAX_RULES = 100;
    private static final String SELECT = "SELECT name, purpose, event_type, max_age_days, after_account_closed_days"
            + " FROM retention_rules ORDER BY name";
    // Replacements are rare: one at a time, so the "before" of the audit entry is exact.
    private static final String LOCK = "LOCK TABLE retention_rules IN SHARE ROW EXCLUSIVE MODE";
    private static final String DELETE = "DELETE FROM retention_rules";
    private static final String INSERT = "INSERT INTO retention_rules (name, purpose, event_type, max_age_days,"
            + " after_account_closed_days, updated_by) SELECT * , $6 FROM unnest($1::text[], $2::text[], $3::text[],"
            + " $4::int4[], $5::int4[])";

    private final Pool pool;
    private final AuditLog audit;

    public RetentionRules(Pool pool, AuditLog audit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public Future<List<RetentionRule>> list() {
        return read(pool).recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    static Future<List<RetentionRule>> read(SqlClient client) {
        return client.query(SELECT).execute().map(rows -> {
            List<RetentionRule> rules = new ArrayList<>(rows.size());
            for (Row row : rows) {
                rules.add(new RetentionRule(row.getString("name"),
                        row.getString("purpose") == null ? null : Purpose.fromWire(row.getString("purpose")).orElse(null),
                        row.getString("event_type"), row.getInteger("max_age_days"),
                        row.getInteger("after_account_closed_days")));
            }
            return rules;
        });
    }

    /**
     * Replaces every rule with {@code rules} (an empty list keeps everything forever). Fails with
     * {@link ErrorCode#INVALID_REQUEST} for conflicting rules or a blank reason.
     */
    public Future<List<RetentionRule>> replace(List<RetentionRule> rules, String actor, String reason) {
        List<String> problems = new ArrayList<>(RetentionRule.conflicts(rules));
        if (rules.size() > MAX_RULES) {
            problems.add("rules: at most " + MAX_RULES);
        }
        if (reason == null || reason.isBlank() || actor == null || actor.isBlank()) {
            problems.add("a change needs an actor and a non-blank reason");
        }
        if (!problems.isEmpty()) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST, String.join("; ", problems)));
        }
        return pool.withTransaction(tx -> tx.query(LOCK).execute()
                        .compose(locked -> read(tx))
                        .compose(before -> tx.query(DELETE).execute()
                                .compose(deleted -> tx.preparedQuery(INSERT).execute(parameters(rules, actor)))
                                .compose(inserted -> audit.append(tx, actor, "retention.update", "retention:rules",
                                        reason, details(before, rules))))
                        .compose(entry -> read(tx)))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private static Tuple parameters(List<RetentionRule> rules, String actor) {
        int n = rules.size();
        String[] names = new String[n];
        String[] purposes = new String[n];
        String[] types = new String[n];
        Integer[] maxAge = new Integer[n];
        Integer[] afterClosed = new Integer[n];
        for (int i = 0; i < n; i++) {
            RetentionRule rule = rules.get(i);
            names[i] = rule.name();
            purposes[i] = rule.purpose() == null ? null : rule.purpose().wireName();
            types[i] = rule.eventType();
            maxAge[i] = rule.maxAgeDays();
            afterClosed[i] = rule.afterAccountClosedDays();
        }
        return Tuple.wrap(new Object[] {names, purposes, types, maxAge, afterClosed, actor});
    }

    private static ObjectNode details(List<RetentionRule> before, List<RetentionRule> after) {
        ObjectNode details = JobRows.MAPPER.createObjectNode();
        details.set("before", json(before));
        details.set("after", json(after));
        return details;
    }

    static ArrayNode json(List<RetentionRule> rules) {
        ArrayNode array = JobRows.MAPPER.createArrayNode();
        rules.forEach(rule -> array.add(rule.toJson()));
        return array;
    }
}
