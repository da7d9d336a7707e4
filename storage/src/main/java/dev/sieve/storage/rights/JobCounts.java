package dev.sieve.storage.rights;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many rights jobs are in each state, and how long the oldest pending one has waited (0 when
 * none): what the metrics show, e.g. an alert when withdrawals wait longer than their bound.
 */
public record JobCounts(Map<JobState, Long> byState, double oldestPendingSeconds) {
    public static final JobCounts NONE = new JobCounts(Map.of(), 0);

    public JobCounts {
        EnumMap<JobState, Long> copy = new EnumMap<>(JobState.class);
        copy.putAll(byState);
        byState = Collections.unmodifiableMap(copy);
    }

    public long count(JobState state) {
        return byState.getOrDefault(state, 0L);
    }
}
