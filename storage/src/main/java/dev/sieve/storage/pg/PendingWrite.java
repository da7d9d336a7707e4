package dev.sieve.storage.pg;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.WriteResult;
import io.vertx.core.Promise;
import java.util.List;

/**
 * One {@code write} call in a {@link GroupCommitWriter}: its events, how far they have been cut
 * into batches, and the counts of the slices committed so far. It succeeds once all its slices
 * committed, and fails as soon as one fails. Event-loop confined.
 */
final class PendingWrite {
    private final List<EnforcedEvent> events;
    private final Promise<WriteResult> promise = Promise.promise();
    private int nextUntaken;
    private int openSlices;
    private int stored;
    private int duplicates;
    private boolean failed;

    PendingWrite(List<EnforcedEvent> events) {
        this.events = events;
    }

    Promise<WriteResult> promise() {
        return promise;
    }

    int untakenRows() {
        return events.size() - nextUntaken;
    }

    /** The next at most {@code maxRows} events not yet in a batch; they now belong to one. */
    List<EnforcedEvent> take(int maxRows) {
        int from = nextUntaken;
        nextUntaken = Math.min(events.size(), from + maxRows);
        openSlices++;
        return events.subList(from, nextUntaken);
    }

    /** Gives up the events not yet taken (after a failure); returns how many there were. */
    int dropUntaken() {
        int dropped = untakenRows();
        nextUntaken = events.size();
        return dropped;
    }

    boolean failed() {
        return failed;
    }

    void sliceCommitted(int sliceStored, int sliceDuplicates) {
        openSlices--;
        stored += sliceStored;
        duplicates += sliceDuplicates;
        if (!failed && openSlices == 0 && untakenRows() == 0) {
            promise.complete(new WriteResult(stored, duplicates));
        }
    }

    void sliceFailed(SieveException failure) {
        openSlices--;
        if (!failed) {
            failed = true;
            promise.fail(failure);
        }
    }
}
