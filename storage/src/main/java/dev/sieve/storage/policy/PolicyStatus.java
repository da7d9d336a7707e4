package dev.sieve.storage.policy;

import java.time.Instant;

/**
 * What a node's {@link PgPolicyStore} enforces and how fresh it is, for health checks and metrics.
 *
 * @param state             what is enforced
 * @param version           the version enforced ({@code 0}: none, or fail-closed)
 * @param reason            why the node fails closed (no document content); null otherwise
 * @param lastLoadedAt      when the policies table was last read successfully (null: never); a
 *                          node that cannot reach the database keeps its snapshot, and this shows
 *                          how stale it is
 * @param lastReloadFailure why the latest reload failed (a safe description), null when it succeeded
 */
public record PolicyStatus(State state, long version, String reason, Instant lastLoadedAt, String lastReloadFailure) {

    /** What a node enforces. */
    public enum State {
        /** Nothing yet: the first load has not succeeded (enforcement must fail closed). */
        NOT_LOADED,
        /** A valid active policy version. */
        LOADED,
        /** The active policy is missing or invalid: {@code Policy.failClosed()} is enforced. */
        FAIL_CLOSED
    }

    static final PolicyStatus NOT_LOADED = new PolicyStatus(State.NOT_LOADED, 0, null, null, null);

    /** Whether the node enforces a valid policy version. */
    public boolean loaded() {
        return state == State.LOADED;
    }

    PolicyStatus withReloadFailure(String failure) {
        return new PolicyStatus(state, version, reason, lastLoadedAt, failure);
    }
}
