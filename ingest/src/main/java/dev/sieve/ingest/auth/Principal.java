package dev.sieve.ingest.auth;

/**
 * Who made a request: the key's role and a short, non-secret id (the first 12 hex digits of the
 * key's SHA-256), recorded as the actor of audited changes.
 */
public record Principal(Role role, String keyId) {
    /** The routing-context key under which {@link BearerAuth} leaves the principal. */
    public static final String CONTEXT_KEY = "sieve.principal";

    /** How the audit log names this principal, e.g. {@code privacy-admin:3fa2c1d09b7e}. */
    public String actor() {
        return role.wireName() + ":" + keyId;
    }
}
