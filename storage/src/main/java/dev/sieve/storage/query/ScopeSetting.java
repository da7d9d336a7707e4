package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import java.time.Instant;
import java.util.Set;

/**
 * One row the privacy team set in {@code analyst_scopes}.
 *
 * @param keyId         an analyst key id (12 hex digits), or {@code default}
 * @param purposes      the purposes allowed; null: the default row's (for the default row: all)
 * @param minGroupUsers k; null: the default row's
 */
public record ScopeSetting(String keyId, Set<Purpose> purposes, Integer minGroupUsers, Instant updatedAt,
                           String updatedBy, String reason) {
    public static final String DEFAULT_KEY = "default";

    public ScopeSetting {
        purposes = purposes == null ? null : Set.copyOf(purposes);
    }
}
