package dev.sieve.storage.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyDiff;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The privacy team's view of the policy versions: create, activate, roll back, read, diff.
 *
 * <p>Every change runs in one transaction that serialises policy changes (advisory lock), writes
 * the version and/or the activation, appends an {@link AuditLog} entry (actor, reason, diff
 * against the version active before) and sends {@code NOTIFY sieve_policy, '<version>'}, which
 * PostgreSQL delivers to every listening node at commit. Documents are stored as written and
 * never changed afterwards (the table's triggers reject it).
 *
 * <p>Failures: {@link InvalidPolicyException} (unchanged: its {@code problems()} name path and
 * reason) for a document that does not validate, else a {@link SieveException}:
 * {@link ErrorCode#INVALID_REQUEST} (blank reason or actor, nothing to roll back to),
 * {@link ErrorCode#NOT_FOUND} (unknown version), or the classified database failure.
 */
public final class PolicyRepository {
    /** The NOTIFY channel for policy changes; the payload is the changed version. */
    public static final String CHANNEL = "sieve_policy";
    static final String SYSTEM_ACTOR = "system";
    static final String DEFAULT_REASON = "default policy";

    private final Pool pool;
    private final AuditLog audit;

    public PolicyRepository(Pool pool, AuditLog audit) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Stores {@code document} as the next version (highest + 1), optionally activating it. Audited
     * as {@code policy.create} or {@code policy.create_and_activate} on {@code policy:<version>}
     * with details {@code {version, activated, activeBefore, diff}}.
     */
    public Future<PolicyVersion> create(JsonNode document, boolean activate, String actor, String reason) {
        Objects.requireNonNull(document, "document");
        Policy validated;
        try {
            checkActorAndReason(actor, reason);
            validated = PolicyJson.fromJson(document, 1);
        } catch (RuntimeException invalid) {
            return Future.failedFuture(invalid);
        }
        JsonNode stored = document.deepCopy();
        return pool.withTransaction(tx -> PolicyRows.lock(tx)
                        .compose(locked -> PolicyRows.state(tx))
                        .compose(state -> {
                            long version = state.maxVersion() + 1;
                            Policy policy = validated.withVersion(version);
                            return PolicyRows.insert(tx, version, stored, actor, reason)
                                    .compose(row -> activate ? PolicyRows.activate(tx, version, actor, reason)
                                            : Future.succeededFuture(row))
                                    .compose(row -> audit.append(tx, actor,
                                                    activate ? "policy.create_and_activate" : "policy.create",
                                                    subject(version), reason, details(version, activate, state, policy))
                                            .compose(entry -> PolicyRows.notifyNodes(tx, version))
                                            .map(row));
                        }))
                .recover(PolicyRepository::failure);
    }

    /**
     * Makes {@code version} the active one. Audited as {@code policy.activate}. Activating the
     * version that is already active changes nothing and is not audited (nothing changed); it
     * answers that version. A stored document that no longer validates is refused with
     * {@link InvalidPolicyException}.
     */
    public Future<PolicyVersion> activate(long version, String actor, String reason) {
        try {
            checkActorAndReason(actor, reason);
        } catch (SieveException invalid) {
            return Future.failedFuture(invalid);
        }
        return pool.withTransaction(tx -> PolicyRows.lock(tx)
                        .compose(locked -> PolicyRows.state(tx))
                        .compose(state -> switchTo(tx, state, version, "policy.activate", actor, reason)))
                .recover(PolicyRepository::failure);
    }

    /**
     * Re-activates the version that was active before the current one: the latest activation of
     * another version in {@code policy_activations}. Rolling back twice therefore returns to
     * where it started (like {@code cd -}); to go further back, activate a version explicitly.
     * Audited as {@code policy.rollback}; {@link ErrorCode#INVALID_REQUEST} when there is no such
     * earlier activation.
     */
    public Future<PolicyVersion> rollback(String actor, String reason) {
        try {
            checkActorAndReason(actor, reason);
        } catch (SieveException invalid) {
            return Future.failedFuture(invalid);
        }
        return pool.withTransaction(tx -> PolicyRows.lock(tx)
                        .compose(locked -> PolicyRows.state(tx))
                        .compose(state -> state.activeVersion() == null
                                ? Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                                "there is no active policy to roll back"))
                                : PolicyRows.previousActivation(tx, state.activeVersion())
                                .compose(previous -> previous.isEmpty()
                                        ? Future.failedFuture(new SieveException(ErrorCode.INVALID_REQUEST,
                                        "no earlier activation to roll back to"))
                                        : switchTo(tx, state, previous.get(), "policy.rollback", actor, reason))))
                .recover(PolicyRepository::failure);
    }

    /** Every version, oldest first. */
    public Future<List<PolicyVersion>> list() {
        return pool.preparedQuery(PolicyRows.SELECT_ALL).execute()
                .map(rows -> {
                    List<PolicyVersion> versions = new ArrayList<>(rows.size());
                    rows.forEach(row -> versions.add(PolicyRows.toVersion(row)));
                    return versions;
                })
                .recover(PolicyRepository::failure);
    }

    public Future<Optional<PolicyVersion>> get(long version) {
        return PolicyRows.select(pool, version).recover(PolicyRepository::failure);
    }

    /** The active version as stored (the document as written), if any. */
    public Future<Optional<PolicyVersion>> active() {
        return pool.preparedQuery(PolicyRows.SELECT_ACTIVE_VERSION).execute().map(PolicyRows::first)
                .recover(PolicyRepository::failure);
    }

    /** The rules that differ from version {@code from} to version {@code to}; NOT_FOUND if either is unknown. */
    public Future<List<PolicyDiff.Change>> diff(long from, long to) {
        return get(from).compose(a -> get(to).map(b -> {
            if (a.isEmpty() || b.isEmpty()) {
                throw new SieveException(ErrorCode.NOT_FOUND, "no policy version " + (a.isEmpty() ? from : to));
            }
            return PolicyDiff.between(a.get().policy(), b.get().policy());
        }));
    }

    /**
     * Seeds {@link DefaultPolicy} as the active version 1 into an empty table (audited as
     * {@code policy.seed_default} by {@code system}); does nothing when any version exists.
     *
     * @return whether it seeded
     */
    Future<Boolean> seedDefaultIfEmpty() {
        Policy defaults = DefaultPolicy.create();
        return pool.withTransaction(tx -> PolicyRows.lock(tx)
                .compose(locked -> PolicyRows.state(tx))
                .compose(state -> state.maxVersion() > 0 ? Future.succeededFuture(false)
                        : PolicyRows.insert(tx, defaults.version(), PolicyJson.toJson(defaults), SYSTEM_ACTOR, DEFAULT_REASON)
                        .compose(row -> PolicyRows.activate(tx, defaults.version(), SYSTEM_ACTOR, DEFAULT_REASON))
                        .compose(row -> audit.append(tx, SYSTEM_ACTOR, "policy.seed_default", subject(defaults.version()),
                                DEFAULT_REASON, details(defaults.version(), true, state, defaults)))
                        .compose(entry -> PolicyRows.notifyNodes(tx, defaults.version()))
                        .map(true)));
    }

    private Future<PolicyVersion> switchTo(SqlConnection tx, PolicyRows.State state, long version, String action,
                                           String actor, String reason) {
        return PolicyRows.select(tx, version).compose(found -> {
            PolicyVersion target = found.orElseThrow(
                    () -> new SieveException(ErrorCode.NOT_FOUND, "no policy version " + version));
            if (target.active()) {
                return Future.succeededFuture(target);
            }
            Policy policy = target.policy(); // refuses a document that no longer validates
            return PolicyRows.activate(tx, version, actor, reason)
                    .compose(row -> audit.append(tx, actor, action, subject(version), reason,
                                    details(version, true, state, policy))
                            .compose(entry -> PolicyRows.notifyNodes(tx, version))
                            .map(row));
        });
    }

    private static ObjectNode details(long version, boolean activated, PolicyRows.State before, Policy policy) {
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("version", version).put("activated", activated);
        if (before.activeVersion() == null) {
            details.putNull("activeBefore");
        } else {
            details.put("activeBefore", before.activeVersion());
        }
        details.set("diff", PolicyDiff.toJson(PolicyDiff.between(before.activePolicy(), policy)));
        return details;
    }

    static String subject(long version) {
        return "policy:" + version;
    }

    private static void checkActorAndReason(String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "a policy change needs a non-blank reason");
        }
        if (actor == null || actor.isBlank()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "a policy change needs an actor");
        }
    }

    /** Validation problems and our own failures pass unchanged; database failures are classified. */
    private static <T> Future<T> failure(Throwable failure) {
        if (failure instanceof InvalidPolicyException || failure instanceof SieveException) {
            return Future.failedFuture(failure);
        }
        return Future.failedFuture(DatabaseFailures.classify(failure));
    }
}
