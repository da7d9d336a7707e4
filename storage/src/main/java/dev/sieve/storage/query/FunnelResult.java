package dev.sieve.storage.query;

import java.time.Duration;
import java.util.List;

/**
 * Users per funnel step. A step reached by 1 to {@code minGroupUsers - 1} users shows null and
 * counts in {@code suppressedGroups} (later steps have no more users, so they show null or 0).
 */
public record FunnelResult(List<FunnelStep> steps, Duration window, int suppressedGroups, int minGroupUsers) {
    public FunnelResult {
        steps = List.copyOf(steps);
    }
}
