package dev.sieve.storage.kafka;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the storage consumers of a node did, shared by all of them and read by metrics gauges on
 * any thread. Counters only grow.
 */
public final class StorageConsumerStats {
    private final LongAdder storedEvents = new LongAdder();
    private final LongAdder duplicateEvents = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final LongAdder commitFailures = new LongAdder();
    private final AtomicInteger pausedConsumers = new AtomicInteger();

    /** Events stored (new rows). */
    public long storedEvents() {
        return storedEvents.sum();
    }

    /** Events that were already stored (redelivered after a crash or rebalance, or a client retry). */
    public long duplicateEvents() {
        return duplicateEvents.sum();
    }

    /** Records skipped as dead letters. */
    public long deadLetters() {
        return deadLetters.sum();
    }

    /** Failed attempts to store a batch (each is retried). */
    public long storeFailures() {
        return storeFailures.sum();
    }

    /** Offset commits that failed (the records are stored; they may be redelivered and deduplicated). */
    public long commitFailures() {
        return commitFailures.sum();
    }

    /** Consumers with their partitions paused because storage is failing: above 0, the node is degraded. */
    public int pausedConsumers() {
        return pausedConsumers.get();
    }

    void stored(BatchStore.Outcome outcome) {
        storedEvents.add(outcome.written().stored());
        duplicateEvents.add(outcome.written().duplicates());
        deadLetters.add(outcome.deadLettered());
    }

    void storeFailed() {
        storeFailures.increment();
    }

    void commitFailed() {
        commitFailures.increment();
    }

    void paused(boolean paused) {
        if (paused) {
            pausedConsumers.incrementAndGet();
        } else {
            pausedConsumers.decrementAndGet();
        }
    }
}
