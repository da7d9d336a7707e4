package dev.sieve.storage.rights;

import java.util.Locale;
import java.util.Optional;

/** What a rights job does. Stored by {@link #wireName()} in {@code rights_jobs.kind}. */
public enum JobKind {
    /** Consent withdrawn for a purpose: the policy's without-consent rules applied to the user's stored rows. */
    WITHDRAWAL,
    /** Every stored event and the consent record of a user deleted, a tombstone and a quarantine left. */
    ERASURE,
    /** Everything stored about a user, streamed; recorded as a job for the list and the audit. */
    EXPORT,
    /** A user's account closed: starts the clock of the rules kept "as long as the user has an account". */
    ACCOUNT_CLOSED,
    /** Expired data removed: whole daily partitions dropped where possible, bounded deletes otherwise. */
    RETENTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobKind> fromWire(String name) {
        for (JobKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
