package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the privacy team lets one analyst key see: the purposes whose events it may query or export,
 * and k, the fewest distinct users an aggregate group must have to be shown.
 *
 * @param keyId          the key's id (first 12 hex digits of its SHA-256), or {@code default}
 * @param purposes       the purposes allowed; never empty
 * @param minGroupUsers  k, at least 2
 */
public record AnalystScope(String keyId, Set<Purpose> purposes, int minGroupUsers) {
    public static final int DEFAULT_MIN_GROUP_USERS = 5;

    public AnalystScope {
        if (purposes == null || purposes.isEmpty()) {
            throw new IllegalArgumentException("a scope allows at least one purpose");
        }
        if (minGroupUsers < 2) {
            throw new IllegalArgumentException("k must be at least 2");
        }
        purposes = Set.copyOf(purposes);
    }

    /** Every purpose, k = 5: the scope of a key the privacy team has not restricted. */
    public static AnalystScope unrestricted(String keyId) {
        return new AnalystScope(keyId, EnumSet.allOf(Purpose.class), DEFAULT_MIN_GROUP_USERS);
    }

    /**
     * The purposes a query may read: those it asks for (all allowed ones when it names none), each
     * of which must be allowed; a 403 otherwise.
     */
    public Set<Purpose> effectivePurposes(Set<Purpose> requested) {
        if (requested.isEmpty()) {
            return purposes;
        }
        for (Purpose p : requested) {
            if (!purposes.contains(p)) {
                throw new SieveException(ErrorCode.FORBIDDEN, "this key may not read events of purpose "
                        + p.wireName());
            }
        }
        return Set.copyOf(requested);
    }
}
