package dev.sieve.storage.query;

import java.util.List;

/**
 * Cohorts by first week. A cohort of fewer than {@code minGroupUsers} users is left out, and a
 * week with fewer active users shows null; {@code suppressedGroups} counts both.
 */
public record RetentionResult(List<Cohort> cohorts, int weeks, int suppressedGroups, int minGroupUsers) {
    public RetentionResult {
        cohorts = List.copyOf(cohorts);
    }
}
