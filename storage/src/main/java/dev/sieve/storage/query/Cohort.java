package dev.sieve.storage.query;

import java.time.Instant;
import java.util.List;

/**
 * One cohort of a retention answer.
 *
 * @param week   the Monday (UTC) of the cohort's first events
 * @param users  the cohort's size (its users active in week 0), at least k
 * @param active for week 1, 2, ...: its users active again that week; null when 1 to k - 1 (0 is shown). The
 *               list ends with the last week that ended inside the range
 */
public record Cohort(Instant week, long users, List<Long> active) {
    public Cohort {
        active = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(active));
    }
}
