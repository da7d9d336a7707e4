package dev.sieve.storage.pg;

import dev.sieve.enforcement.error.SieveException;

/**
 * Hears what a {@link GroupCommitWriter} does, for metrics. Called on the writer's event loop:
 * implementations must be quick and must not block.
 */
public interface WriterObserver {
    /** Does nothing. */
    WriterObserver NONE = new WriterObserver() {
    };

    /**
     * A batch committed.
     *
     * @param rows        rows sent (after removing ids repeated inside the batch)
     * @param inserted    rows stored now; the rest were already stored (retries)
     * @param commitNanos time from sending the statement to its answer
     */
    default void batchCommitted(int rows, int inserted, long commitNanos) {
    }

    /**
     * A batch held an id stored before (a retried event), so it was sent a second time with the
     * statement that skips stored ids, and that second statement committed: {@link #batchCommitted}
     * follows. (If the second statement fails, only {@link #batchFailed} is called.)
     */
    default void batchSentTwice(int rows) {
    }

    /**
     * A batch failed; every write with rows in it failed too.
     *
     * @param failure the classified failure (its message holds no event data)
     */
    default void batchFailed(int rows, SieveException failure) {
    }
}
