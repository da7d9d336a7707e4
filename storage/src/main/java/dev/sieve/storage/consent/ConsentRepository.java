package dev.sieve.storage.consent;

import dev.sieve.enforcement.consent.ConsentRegistry;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.consent.SharedSubjects;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Changes and reads the consent registry. A change bumps the subject's version, upserts the
 * named purposes, appends them to the history, all in one transaction; then drops the subject
 * from this node's cache and sends {@code NOTIFY sieve_consent} with the SHA-256 (hex) of the
 * subject id, never the id itself, so that other nodes can drop theirs
 * ({@link PgConsentStore#subscribe}). {@link #importBatch} does the same for many subjects at once.
 */
public final class ConsentRepository implements ConsentRegistry {
    /** The NOTIFY channel for consent changes; the payload is {@link #notification(String)}. */
    public static final String CHANNEL = "sieve_consent";
    /** The most rows one {@link #importBatch} call takes (one transaction). */
    public static final int MAX_IMPORT_ROWS = 1_000;

    private static final String BUMP_VERSION = "INSERT INTO consent_subjects (subject_id, version, updated_at)"
            + " VALUES ($1, 1, now()) ON CONFLICT (subject_id)"
            + " DO UPDATE SET version = consent_subjects.version + 1, updated_at = now() RETURNING version";
    private static final String UPSERT_AND_RECORD = "WITH changes AS ("
            + " SELECT * FROM unnest($3::text[], $4::text[]) AS c(purpose, state)),"
            + " history AS (INSERT INTO consent_history (subject_id, purpose, state, version, source)"
            + " SELECT $1, purpose, state, $2, $5 FROM changes)"
            + " INSERT INTO consent_state (subject_id, purpose, state, version, updated_at, source)"
            + " SELECT $1, purpose, state, $2, now(), $5 FROM changes"
            + " ON CONFLICT (subject_id, purpose) DO UPDATE SET state = excluded.state,"
            + " version = excluded.version, updated_at = excluded.updated_at, source = excluded.source";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', $1)";

    private final Pool pool;
    private final PgConsentStore cache;

    public ConsentRepository(Pool pool, PgConsentStore cache) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * Records a change: each named purpose granted ({@code true}) or denied ({@code false});
     * purposes not named keep their state. An empty change records nothing.
     *
     * @param source who made the change, e.g. {@code api} or {@code event}
     * @return the subject's consent after the change, with its new version
     */
    public Future<UserConsent> update(String subjectId, Map<Purpose, Boolean> changes, String source) {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(source, "source");
        if (SharedSubjects.isShared(subjectId)) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST, SharedSubjects.REFUSAL));
        }
        if (changes.isEmpty()) {
            return get(subjectId);
        }
        String[] purposes = new String[changes.size()];
        String[] states = new String[changes.size()];
        int i = 0;
        for (Map.Entry<Purpose, Boolean> change : changes.entrySet()) {
            purposes[i] = change.getKey().wireName();
            states[i++] = ConsentRows.wireState(change.getValue());
        }
        return pool.withTransaction(connection -> connection.preparedQuery(BUMP_VERSION)
                        .execute(Tuple.of(subjectId))
                        .map(rows -> rows.iterator().next().getLong(0))
                        .compose(version -> connection.preparedQuery(UPSERT_AND_RECORD)
                                .execute(Tuple.of(subjectId, version, purposes, states, source)))
                        .compose(done -> connection.preparedQuery(NOTIFY).execute(Tuple.of(notification(subjectId))))
                        .compose(done -> read(connection, subjectId)))
                .onComplete(done -> cache.invalidate(subjectId)) // even on failure: the commit may have happened
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /**
     * Imports choices for many subjects in one transaction, with the versioning, history and
     * NOTIFY of {@link #update} and set-based statements (one lock, one change). Unlike
     * {@code update}, only purposes whose state differs from the stored one are recorded, and a
     * subject whose choices all match is left alone (no version bump): re-running an import is a
     * no-op. Several rows for one subject are merged, later ones winning.
     *
     * @param rows   at most {@value #MAX_IMPORT_ROWS}, else {@link ErrorCode#INVALID_REQUEST}
     * @param source recorded as the change's source, e.g. {@code import:onetrust}
     * @return how many subjects changed (got a new version)
     */
    public Future<Integer> importBatch(List<ConsentImport> rows, String source) {
        Objects.requireNonNull(source, "source");
        if (rows.size() > MAX_IMPORT_ROWS) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                    "at most " + MAX_IMPORT_ROWS + " rows per import batch"));
        }
        ConsentImportStatement batch = ConsentImportStatement.of(rows);
        if (batch.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return pool.withTransaction(connection -> connection.preparedQuery(ConsentImportStatement.LOCK)
                        .execute(batch.lockParameters())
                        .compose(locked -> connection.preparedQuery(ConsentImportStatement.APPLY)
                                .execute(batch.applyParameters(source))))
                .map(changed -> {
                    changed.forEach(row -> cache.invalidate(row.getString(0)));
                    return changed.size();
                })
                .onFailure(failure -> { // the commit may have happened
                    for (String subject : batch.subjects()) {
                        cache.invalidate(subject);
                    }
                })
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    /** The subject's consent as stored now (not cached); unknown (version 0) if never recorded. */
    public Future<UserConsent> get(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        return pool.withConnection(connection -> read(connection, subjectId))
                .recover(failure -> Future.failedFuture(DatabaseFailures.classify(failure)));
    }

    private static Future<UserConsent> read(SqlConnection connection, String subjectId) {
        return connection.preparedQuery(ConsentRows.SELECT_SUBJECTS)
                .execute(Tuple.of(new String[] {subjectId}))
                .map(rows -> ConsentRows.toConsents(rows).getOrDefault(subjectId, UserConsent.unknown(subjectId)));
    }

    /** The NOTIFY payload for a subject: SHA-256 of its id in hex (a subject id is personal data). */
    public static String notification(String subjectId) {
        return SubjectHash.hex(subjectId);
    }
}
