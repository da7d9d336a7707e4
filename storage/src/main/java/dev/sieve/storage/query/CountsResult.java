package dev.sieve.storage.query;

import java.util.List;

/**
 * Counts per bucket. Buckets without events are left out; so are buckets with fewer than
 * {@code minGroupUsers} distinct users, which {@code suppressedGroups} counts. No total is given:
 * a total over all buckets minus the shown ones would reveal the suppressed ones.
 *
 * @param rollupBuckets how many buckets came from the precomputed rollups (the rest were counted
 *                      from the events themselves); the numbers are the same either way
 */
public record CountsResult(Grain grain, List<BucketCount> buckets, int suppressedGroups, int minGroupUsers,
                           int rollupBuckets) {
    public CountsResult {
        buckets = List.copyOf(buckets);
    }
}
