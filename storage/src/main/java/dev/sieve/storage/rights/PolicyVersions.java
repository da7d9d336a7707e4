package dev.sieve.storage.rights;

import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Policies by version for one job run: the rules that produced a stored row (its policy_version)
 * and the rules to apply now. Versions are immutable, so each is read once. Reads go through the
 * caller's connection (a step's transaction), never a second one. Not thread-safe: one per run.
 */
final class PolicyVersions {
    private static final String ACTIVE = "SELECT version, document::text AS document FROM policies WHERE active";
    private static final String SOME = "SELECT version, document::text AS document FROM policies"
            + " WHERE version = ANY($1::int8[])";

    private final Map<Long, Policy> byVersion = new HashMap<>();

    PolicyVersions() {
        byVersion.put(Policy.FAIL_CLOSED_VERSION, Policy.failClosed());
    }

    /** The active policy; the fail-closed one when none is active or it no longer validates. */
    Future<Policy> active(SqlClient client) {
        return client.query(ACTIVE).execute().map(rows -> {
            Policy active = rows.size() == 0 ? Policy.failClosed() : parse(rows.iterator().next());
            byVersion.put(active.version(), active);
            return active;
        });
    }

    /** Reads the versions not known yet; unknown or invalid ones will answer {@code fallback}. */
    Future<Void> load(SqlClient client, Collection<Long> versions, Policy fallback) {
        List<Long> missing = new ArrayList<>();
        versions.stream().distinct().filter(v -> !byVersion.containsKey(v)).forEach(missing::add);
        if (missing.isEmpty()) {
            return Future.succeededFuture();
        }
        return client.preparedQuery(SOME).execute(Tuple.of(missing.toArray(Long[]::new))).map(rows -> {
            rows.forEach(row -> byVersion.put(row.getLong("version"), parse(row)));
            missing.forEach(v -> byVersion.putIfAbsent(v, fallback));
            return null;
        });
    }

    /** A version {@link #load}ed before. */
    Policy get(long version) {
        Policy policy = byVersion.get(version);
        if (policy == null) {
            throw new IllegalStateException("policy version " + version + " was not loaded");
        }
        return policy;
    }

    private static Policy parse(Row row) {
        try {
            return PolicyJson.fromText(row.getString("document"), row.getLong("version"));
        } catch (RuntimeException invalid) {
            return Policy.failClosed();
        }
    }
}
