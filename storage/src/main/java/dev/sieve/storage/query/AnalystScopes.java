package dev.sieve.storage.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The privacy team's scopes of analyst keys ({@code analyst_scopes}): which purposes each key may
 * read and its k. A key without a row of its own, and each null field of a row, takes the
 * {@code default} row's value. Read on every query (one indexed row or two), so a change applies
 * to the next request on every node. Every change is audited in the same transaction.
 */
public final class AnalystScopes {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}|default");
    private static final String COLUMNS = "key_id, purposes, min_group_users, updated_at, updated_by, reason";
    private static final String FIND = "SELECT " + COLUMNS + " FROM analyst_scopes WHERE key_id = ANY($1::text[])";
    private static final String LIST = "SELECT " + COLUMNS + " FROM analyst_scopes ORDER BY key_id <> 'default', key_id";
    private static final String UPSERT = "INSERT INTO analyst_scopes (key_id, purposes, min_group_users, updated_by,"
            + " reason) VALUES ($1, $2::text[], $3, $4, $5) ON CONFLICT (key_id) DO UPDATE SET purposes ="
            + " excluded.purposes, min_group_users = excluded.min_group_users, updated_at = now(),"
            + " updated_by = excluded.updated_by, reason = excluded.reason RETURNING " + COLUMNS;

    private final Pool pool;
    private final AuditLog audit;

    public AnalystScopes(Pool pool, AuditLog audit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** The scope in force for the analyst key {@code keyId}. */
    public Future<AnalystScope> scopeOf(String keyId) {
        return QuerySession.attempt(() -> find(keyId));
    }

    private Future<AnalystScope> find(String keyId) {
        checkKeyId(keyId);
        return pool.preparedQuery(FIND).execute(Tuple.of((Object) new String[] {keyId, ScopeSetting.DEFAULT_KEY}))
                .map(rows -> {
                    ScopeSetting own = null;
                    ScopeSetting fallback = null;
                    for (Row row : rows) {
                        ScopeSetting s = setting(row);
                        if (s.keyId().equals(ScopeSetting.DEFAULT_KEY)) {
                            fallback = s;
                        } else {
                            own = s;
                        }
                    }
                    return resolve(keyId, own, fallback);
                })
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    static AnalystScope resolve(String keyId, ScopeSetting own, ScopeSetting fallback) {
        Set<Purpose> purposes = own != null && own.purposes() != null ? own.purposes()
                : fallback != null && fallback.purposes() != null ? fallback.purposes() : EnumSet.allOf(Purpose.class);
        Integer k = own != null && own.minGroupUsers() != null ? own.minGroupUsers()
                : fallback != null ? fallback.minGroupUsers() : null;
        return new AnalystScope(keyId, purposes, k == null ? AnalystScope.DEFAULT_MIN_GROUP_USERS : k);
    }

    /** Every row, the default first. */
    public Future<List<ScopeSetting>> list() {
        return pool.query(LIST).execute()
                .map(rows -> {
                    List<ScopeSetting> all = new ArrayList<>();
                    rows.forEach(row -> all.add(setting(row)));
                    return all;
                })
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /**
     * Sets the row of {@code keyId} (or the default row) and audits the change as {@code actor}.
     *
     * @param purposes      null: the default's (for the default row: every purpose); else non-empty
     * @param minGroupUsers null: the default's (required for the default row); else 2 to 1000
     */
    public Future<ScopeSetting> set(String keyId, Set<Purpose> purposes, Integer minGroupUsers, String actor,
                                    String reason) {
        return QuerySession.attempt(() -> upsert(keyId, purposes, minGroupUsers, actor, reason));
    }

    private Future<ScopeSetting> upsert(String keyId, Set<Purpose> purposes, Integer minGroupUsers, String actor,
                                        String reason) {
        checkKeyId(keyId);
        InvalidQuery.require(purposes == null || !purposes.isEmpty(), "'purposes' must name at least one purpose,"
                + " or be null for the default's");
        InvalidQuery.require(minGroupUsers == null || (minGroupUsers >= 2 && minGroupUsers <= 1000),
                "'minGroupUsers' must be from 2 to 1000");
        InvalidQuery.require(minGroupUsers != null || !keyId.equals(ScopeSetting.DEFAULT_KEY),
                "the default scope needs 'minGroupUsers'");
        String[] names = purposes == null ? null : purposes.stream().map(Purpose::wireName).sorted().toArray(String[]::new);
        return pool.withTransaction(tx -> tx.preparedQuery(UPSERT)
                        .execute(Tuple.of(keyId, names, minGroupUsers, actor, reason))
                        .map(rows -> setting(rows.iterator().next()))
                        .compose(saved -> audit.append(tx, actor, "analyst-scope.set", "analyst-key:" + keyId, reason,
                                details(saved)).map(entry -> saved)))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private static ObjectNode details(ScopeSetting s) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (s.purposes() == null) {
            details.putNull("purposes");
        } else {
            s.purposes().stream().map(Purpose::wireName).sorted().forEach(details.putArray("purposes")::add);
        }
        if (s.minGroupUsers() == null) {
            details.putNull("minGroupUsers");
        } else {
            details.put("minGroupUsers", s.minGroupUsers());
        }
        return details;
    }

    private static ScopeSetting setting(Row row) {
        String[] purposes = row.getArrayOfStrings(1);
        Set<Purpose> parsed = null;
        if (purposes != null) {
            parsed = EnumSet.noneOf(Purpose.class);
            for (String p : purposes) {
                Purpose.fromWire(p).ifPresent(parsed::add);
            }
        }
        return new ScopeSetting(row.getString(0), parsed, row.getInteger(2), row.getOffsetDateTime(3).toInstant(),
                row.getString(4), row.getString(5));
    }

    private static void checkKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "a key id is 12 lower-case hex digits, or default");
        }
    }
}
