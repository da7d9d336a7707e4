package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns users' requests into jobs. The user id is used here and only here, in memory: the job gets
 * its SHA-256 hex and the user's pseudonyms under every usable key, computed now, so that rows made
 * under a key that is still held are found even if the key is retired before the job runs.
 *
 * <p>An erasure also quarantines the pseudonyms at once, in the same transaction, and notifies
 * every node ({@code NOTIFY sieve_quarantine}); its deletes start {@code erasureSettle} later, when
 * no node still lets the user's events through.
 *
 * <p>A request with an idempotency key returns the job an earlier request with that key created;
 * without one, a second erasure (or closure) of the same user joins the one still open.
 */
public final class RightsRequests {
    private static final String QUARANTINE = "INSERT INTO rights_quarantine (user_key, until, job_id)"
            + " SELECT k, $2, $3 FROM unnest($1::text[]) AS k"
            + " ON CONFLICT (user_key) DO UPDATE SET until = greatest(rights_quarantine.until, excluded.until),"
            + " job_id = excluded.job_id";
    private static final String NOTIFY_QUARANTINE = "SELECT pg_notify('" + Quarantine.CHANNEL + "', 'added')";

    private final Pool pool;
    private final AuditLog audit;
    private final SubjectKeys keys;
    private final Clock clock;
    private final RightsSettings settings;

    public RightsRequests(Pool pool, AuditLog audit, PseudonymKeyRing ring, Clock clock, RightsSettings settings) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = new SubjectKeys(ring, clock);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Requests the erasure of everything stored about {@code userId}. Audited at once as
     * {@code rights.erasure.requested}, and as {@code rights.erasure} when done.
     *
     * @param idempotencyKey the client's key for this request, or null
     */
    public Future<Enqueued> erase(String userId, String actor, String reason, String idempotencyKey) {
        try {
            check(userId, actor, reason);
        } catch (SieveException invalid) {
            return Future.failedFuture(invalid);
        }
        Instant now = clock.instant();
        Instant until = now.plus(settings.quarantine());
        List<String> pseudonyms = keys.of(userId);
        ObjectNode params = JobRows.MAPPER.createObjectNode().put("reason", reason)
                .put("quarantineUntil", until.toString());
        params.set("keyIds", JobRows.strings(SubjectKeys.keyIds(pseudonyms)));
        NewJob job = newJob(JobKind.ERASURE, userId, pseudonyms, params, actor, idempotencyKey,
                now.plus(settings.erasureSettle()));
        return pool.withTransaction(tx -> RightsJobs.enqueue(tx, job).compose(enqueued -> !enqueued.created()
                        ? Future.succeededFuture(enqueued)
                        : tx.preparedQuery(QUARANTINE).execute(Tuple.of(pseudonyms.toArray(String[]::new),
                                        JobRows.utc(until), job.id()))
                                .compose(v -> tx.query(NOTIFY_QUARANTINE).execute())
                                .compose(v -> audit.append(tx, actor, "rights.erasure.requested",
                                        Subjects.auditSubject(job.subjectHash()), reason, requested(job)))
                                .compose(v -> notifyRunners(tx))
                                .map(enqueued)))
                .recover(RightsRequests::failure);
    }

    /**
     * Records that {@code userId}'s account closed at {@code closedAt} (null: now), which starts
     * the clock of the retention rules with {@code afterAccountClosedDays}. Audited when done.
     */
    public Future<Enqueued> closeAccount(String userId, Instant closedAt, String actor, String reason,
                                         String idempotencyKey) {
        try {
            check(userId, actor, reason);
        } catch (SieveException invalid) {
            return Future.failedFuture(invalid);
        }
        Instant now = clock.instant();
        Instant closed = closedAt == null ? now : closedAt;
        if (closed.isAfter(now.plusSeconds(60))) {
            return Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST, "'closedAt' is in the future"));
        }
        ObjectNode params = JobRows.MAPPER.createObjectNode().put("closedAt", closed.toString()).put("reason", reason);
        NewJob job = newJob(JobKind.ACCOUNT_CLOSED, userId, keys.of(userId), params, actor, idempotencyKey, now);
        return pool.withTransaction(tx -> RightsJobs.enqueue(tx, job)
                        .compose(enqueued -> enqueued.created() ? notifyRunners(tx).map(enqueued)
                                : Future.succeededFuture(enqueued)))
                .recover(RightsRequests::failure);
    }

    private static NewJob newJob(JobKind kind, String userId, List<String> pseudonyms, ObjectNode params,
                                 String actor, String idempotencyKey, Instant notBefore) {
        UUID id = UUID.randomUUID();
        String hash = Subjects.hash(userId);
        // The client's key may be anything, personal data included: only its hash is stored.
        String key = idempotencyKey == null ? kind.wireName() + ":" + hash + ":" + id
                : kind.wireName() + ":key:" + Subjects.hash(idempotencyKey);
        return new NewJob(id, kind, hash, pseudonyms, params, key, actor, notBefore);
    }

    private static ObjectNode requested(NewJob job) {
        ObjectNode details = job.params().deepCopy();
        details.remove("reason");
        return details.put("jobId", job.id().toString()).put("notBefore", job.notBefore().toString());
    }

    private static Future<Void> notifyRunners(SqlConnection tx) {
        return tx.preparedQuery(JobRows.NOTIFY).execute(Tuple.of("request")).mapEmpty();
    }

    private static void check(String userId, String actor, String reason) {
        if (userId == null || userId.isEmpty() || userId.length() > Subjects.MAX_ID_LENGTH) {
            throw new SieveException(ErrorCode.INVALID_REQUEST,
                    "'userId' must be 1-" + Subjects.MAX_ID_LENGTH + " characters");
        }
        if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "a request needs an actor and a non-blank reason");
        }
    }

    private static <T> Future<T> failure(Throwable failure) {
        return Future.failedFuture(DatabaseFailures.classify(failure));
    }
}
