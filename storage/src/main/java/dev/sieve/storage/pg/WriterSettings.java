package dev.sieve.storage.pg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link GroupCommitWriter} batches. At most {@code maxInFlightBatches} statements are in
 * flight (each on its own connection: size the pool for it), each with at most
 * {@code maxBatchRows} rows. Pending rows are sent when a connection is free and
 * <ul>
 *   <li>{@code maxBatchRows} of them are pending (a full statement goes at once); or</li>
 *   <li>{@code maxDelay} has passed since the first of them, so that writes arriving close
 *       together (single events under load) share a statement and its commit; or</li>
 *   <li>with {@code quietSplitRows > 0} (50 by default; 0 turns it off), at the end of the
 *       event loop's turn when the writer was quiet before the write came (no statement in
 *       flight, and for {@code maxDelay} no write arrived and no statement finished): company is
 *       not expected beyond the requests the event loop reads in the same turn, so waiting longer
 *       would only add latency. The pending rows are then spread over the free connections, at
 *       least {@code quietSplitRows} per statement, so that PostgreSQL works on them in parallel.
 *       In alternating full load runs it kept the maximum for batches, raised it for single
 *       events and lowered the latency below it (docs/performance.md, "Quiet sending and a 1-ms
 *       delay by default").</li>
 * </ul>
 * Beyond {@code maxQueuedRows} accepted but uncommitted rows, writes are refused.
 */
public record WriterSettings(int maxBatchRows, int quietSplitRows, Duration maxDelay, int maxInFlightBatches,
                             int maxQueuedRows) {
    public static final WriterSettings DEFAULTS = new WriterSettings(1000, 50, Duration.ofMillis(1), 2, 20_000);

    /**
     * @throws IllegalArgumentException naming every invalid setting
     */
    public WriterSettings {
        Objects.requireNonNull(maxDelay, "maxDelay");
        List<String> problems = new ArrayList<>();
        if (maxBatchRows < 1) {
            problems.add("maxBatchRows must be at least 1");
        }
        if (quietSplitRows < 0) {
            problems.add("quietSplitRows must be 0 (off) or more");
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

    /** Whether a quiet writer sends at the end of the turn (see above). */
    boolean sendsWhenQuiet() {
        return quietSplitRows > 0;
    }

    /**
     * Rows for the next statement when {@code pendingRows} wait and they may be spread over
     * {@code connections}: all of them in one statement, or spread evenly over as many connections
     * as give each at least {@code quietSplitRows}; never more than {@code maxBatchRows}.
     */
    int nextBatchRows(int pendingRows, int connections) {
        if (connections <= 1 || !sendsWhenQuiet()) {
            return Math.min(maxBatchRows, pendingRows);
        }
        int statements = Math.max(1, Math.min(connections, pendingRows / quietSplitRows));
        int spread = (pendingRows + statements - 1) / statements;
        return Math.min(maxBatchRows, spread);
    }
}
