package dev.sieve.ingest.boot;

import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.storage.pg.WriterObserver;

/** Feeds the writers' batches into the meters. */
final class MeteredWriterObserver implements WriterObserver {
    private final IngestMetrics metrics;

    MeteredWriterObserver(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void batchCommitted(int rows, int inserted, long commitNanos) {
        metrics.batchCommitted(rows, commitNanos);
    }

    @Override
    public void batchSentTwice(int rows) {
        metrics.batchSentTwice();
    }

    @Override
    public void batchFailed(int rows, SieveException failure) {
        metrics.batchFailed();
    }
}
