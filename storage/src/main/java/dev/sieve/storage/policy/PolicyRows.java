package dev.sieve.storage.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * The policy tables' SQL and the steps of a policy change inside a transaction, shared by the
 * repository (privacy-team changes) and the store (default seeding).
 */
final class PolicyRows {
    /** Serialises policy changes ("SIEVEPOL" in ASCII); taken before the audit log's lock. */
    static final long LOCK_KEY = 0x534945564550_4F4CL;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COLUMNS = "version, document::text AS document, active, created_at, created_by, reason";
    static final String SELECT_ACTIVE = "SELECT version, document::text AS document FROM policies WHERE active";
    static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM policies ORDER BY version";
    static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM policies WHERE version = $1";
    static final String SELECT_ACTIVE_VERSION = "SELECT " + COLUMNS + " FROM policies WHERE active";
    private static final String LOCK = "SELECT pg_advisory_xact_lock($1)";
    private static final String STATE = "SELECT coalesce(max(version), 0) AS max_version,"
            + " max(version) FILTER (WHERE active) AS active_version,"
            + " (array_agg(document::text) FILTER (WHERE active))[1] AS active_document FROM policies";
    private static final String INSERT = "INSERT INTO policies (version, document, active, created_by, reason)"
            + " VALUES ($1, $2::text::jsonb, false, $3, $4) RETURNING " + COLUMNS;
    private static final String DEACTIVATE = "UPDATE policies SET active = false WHERE active AND version <> $1";
    private static final String ACTIVATE = "UPDATE policies SET active = true WHERE version = $1 RETURNING " + COLUMNS;
    private static final String RECORD_ACTIVATION =
            "INSERT INTO policy_activations (version, actor, reason) VALUES ($1, $2, $3)";
    private static final String PREVIOUS_ACTIVATION =
            "SELECT version FROM policy_activations WHERE version <> $1 ORDER BY seq DESC LIMIT 1";
    private static final String NOTIFY = "SELECT pg_notify('" + PolicyRepository.CHANNEL + "', $1)";

    /** The table as seen inside a change: the highest version and the active one (if any). */
    record State(long maxVersion, Long activeVersion, String activeDocument) {
        /** The active rules, or what a node enforces without valid ones: the base of a diff. */
        Policy activePolicy() {
            if (activeVersion == null) {
                return Policy.failClosed();
            }
            try {
                return PolicyJson.fromText(activeDocument, activeVersion);
            } catch (RuntimeException invalid) {
                return Policy.failClosed();
            }
        }
    }

    private PolicyRows() {
    }

    static Future<Void> lock(SqlConnection tx) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).mapEmpty();
    }

    static Future<State> state(SqlConnection tx) {
        return tx.preparedQuery(STATE).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new State(row.getLong("max_version"), row.getLong("active_version"), row.getString("active_document"));
        });
    }

    static Future<Optional<PolicyVersion>> select(SqlClient client, long version) {
        return client.preparedQuery(SELECT_ONE).execute(Tuple.of(version)).map(PolicyRows::first);
    }

    /** Inserts an inactive version. */
    static Future<PolicyVersion> insert(SqlConnection tx, long version, JsonNode document, String actor,
                                        String reason) {
        return tx.preparedQuery(INSERT).execute(Tuple.of(version, document.toString(), actor, reason))
                .map(rows -> toVersion(rows.iterator().next()));
    }

    /** Makes {@code version} the only active one and records the activation. */
    static Future<PolicyVersion> activate(SqlConnection tx, long version, String actor, String reason) {
        return tx.preparedQuery(DEACTIVATE).execute(Tuple.of(version))
                .compose(off -> tx.preparedQuery(ACTIVATE).execute(Tuple.of(version)))
                .compose(on -> tx.preparedQuery(RECORD_ACTIVATION).execute(Tuple.of(version, actor, reason))
                        .map(recorded -> toVersion(on.iterator().next())));
    }

    /** The version of the latest activation that is not {@code activeVersion}. */
    static Future<Optional<Long>> previousActivation(SqlConnection tx, long activeVersion) {
        return tx.preparedQuery(PREVIOUS_ACTIVATION).execute(Tuple.of(activeVersion))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong(0)) : Optional.empty());
    }

    /** Tells every node (at commit) to reload. */
    static Future<Void> notifyNodes(SqlConnection tx, long version) {
        return tx.preparedQuery(NOTIFY).execute(Tuple.of(Long.toString(version))).mapEmpty();
    }

    static Optional<PolicyVersion> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(toVersion(rows.iterator().next())) : Optional.empty();
    }

    static PolicyVersion toVersion(Row row) {
        return new PolicyVersion(row.getLong("version"), parse(row.getString("document")), row.getBoolean("active"),
                row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"), row.getString("reason"));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored policy document is not valid JSON");
        }
    }
}
