package dev.sieve.storage.pg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link GroupCommitWriter} batches. A batch is sent when {@code maxBatchRows} rows are
 * pending or {@code maxDelay} after the first pending row, as long as fewer than
 * {@code maxInFlightBatches} batches are in flight (each on its own connection: size the pool for
 * it). Beyond {@code maxQueuedRows} accepted but uncommitted rows, writes are refused.
 */
public record WriterSettings(int maxBatchRows, Duration maxDelay, int maxInFlightBatches, int maxQueuedRows) {
    public static final WriterSettings DEFAULTS = new WriterSettings(1000, Duration.ofMillis(2), 2, 20_000);

    /**
     * @throws IllegalArgumentException naming every invalid setting
     */
    public WriterSettings {
        Objects.requireNonNull(maxDelay, "maxDelay");
        List<String> problems = new ArrayList<>();
        if (maxBatchRows < 1) {
            problems.add("maxBatchRows must be at least 1");
        }
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            problems.add("maxDelay must be positive");
        }
        if (maxInFlightBatches < 1) {
            problems.add("maxInFlightBatches must be at least 1");
        }
        if (maxQueuedRows < maxBatchRows) {
            problems.add("maxQueuedRows must be at least maxBatchRows");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid writer settings: " + String.join("; ", problems));
        }
    }

    /** {@code maxDelay} as a Vert.x timer delay (whole milliseconds, at least 1). */
    long maxDelayMillis() {
        return Math.max(1, maxDelay.toMillis());
    }
}
