package dev.sieve.ingest.pipeline;

import dev.sieve.enforcement.DropReason;
import dev.sieve.ingest.decode.Rejection;
import java.util.List;
import java.util.Map;

/**
 * What became of a request's events: stored now, already stored (retry), dropped by policy,
 * rejected as invalid (by index). Every count is final: the stored ones are durable.
 */
public record IngestReceipt(int received, int stored, int duplicates, Map<DropReason, Integer> dropped,
                            List<Rejection> rejected) {

    public int droppedTotal() {
        return dropped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Stored now or before: the events the client need not send again. */
    public int accepted() {
        return stored + duplicates;
    }
}
