package dev.sieve.storage.rights;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the rights jobs run.
 *
 * @param batchRows         rows changed per step (one short transaction each)
 * @param lease             how long a claimed job stays claimed without a step; a runner that died is
 *                          replaced after this
 * @param pollInterval      how often an idle runner looks for work (a NOTIFY wakes it sooner)
 * @param maxAttempts       attempts before a job is failed for good
 * @param retryBackoff      delay before a failed attempt is retried, times the attempt number
 * @param quarantine        how long events of an erased user are dropped
 * @param erasureSettle     delay between an erasure request and its first delete, so that every node
 *                          has loaded the quarantine first
 * @param retentionInterval how often a retention job is scheduled
 * @param sweepBlocks       heap blocks scanned per step of a retention sweep (8 KB each)
 * @param ddlLockTimeout    longest wait for the lock of a partition detach; it is retried next run
 * @param concurrency       jobs one runner works on at once (each uses one connection at a time)
 */
public record RightsSettings(int batchRows, Duration lease, Duration pollInterval, int maxAttempts,
                             Duration retryBackoff, Duration quarantine, Duration erasureSettle,
                             Duration retentionInterval, int sweepBlocks, Duration ddlLockTimeout, int concurrency) {

    public static final RightsSettings DEFAULTS = new RightsSettings(1_000, Duration.ofSeconds(30),
            Duration.ofSeconds(1), 5, Duration.ofSeconds(10), Duration.ofDays(30), Duration.ofSeconds(5),
            Duration.ofHours(1), 1_000, Duration.ofSeconds(5), 4);

    public RightsSettings {
        List<String> problems = new ArrayList<>();
        if (batchRows < 1 || batchRows > 100_000) {
            problems.add("batchRows must be 1-100000");
        }
        positive(problems, "lease", lease);
        positive(problems, "pollInterval", pollInterval);
        if (maxAttempts < 1) {
            problems.add("maxAttempts must be at least 1");
        }
        notNegative(problems, "retryBackoff", retryBackoff);
        notNegative(problems, "quarantine", quarantine);
        notNegative(problems, "erasureSettle", erasureSettle);
        positive(problems, "retentionInterval", retentionInterval);
        if (sweepBlocks < 1) {
            problems.add("sweepBlocks must be at least 1");
        }
        positive(problems, "ddlLockTimeout", ddlLockTimeout);
        if (concurrency < 1 || concurrency > 64) {
            problems.add("concurrency must be 1-64");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public RightsSettings withBatchRows(int rows) {
        return new RightsSettings(rows, lease, pollInterval, maxAttempts, retryBackoff, quarantine, erasureSettle,
                retentionInterval, sweepBlocks, ddlLockTimeout, concurrency);
    }

    public RightsSettings withLease(Duration newLease) {
        return new RightsSettings(batchRows, newLease, pollInterval, maxAttempts, retryBackoff, quarantine,
                erasureSettle, retentionInterval, sweepBlocks, ddlLockTimeout, concurrency);
    }

    public RightsSettings withErasureSettle(Duration settle) {
        return new RightsSettings(batchRows, lease, pollInterval, maxAttempts, retryBackoff, quarantine, settle,
                retentionInterval, sweepBlocks, ddlLockTimeout, concurrency);
    }

    public RightsSettings withConcurrency(int jobs) {
        return new RightsSettings(batchRows, lease, pollInterval, maxAttempts, retryBackoff, quarantine,
                erasureSettle, retentionInterval, sweepBlocks, ddlLockTimeout, jobs);
    }

    public RightsSettings withSweepBlocks(int blocks) {
        return new RightsSettings(batchRows, lease, pollInterval, maxAttempts, retryBackoff, quarantine,
                erasureSettle, retentionInterval, blocks, ddlLockTimeout, concurrency);
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (Objects.isNull(value) || value.isNegative() || value.isZero()) {
            problems.add(name + " must be positive");
        }
    }

    private static void notNegative(List<String> problems, String name, Duration value) {
        if (Objects.isNull(value) || value.isNegative()) {
            problems.add(name + " must not be negative");
        }
    }
}
