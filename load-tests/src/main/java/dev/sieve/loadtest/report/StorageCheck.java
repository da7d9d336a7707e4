package dev.sieve.loadtest.report;

import dev.sieve.loadtest.service.MaintenanceRuns;
import dev.sieve.loadtest.service.MetricHistogram;
import dev.sieve.loadtest.service.WriterStatements;

/**
 * The table after a phase, against what the generator knows: every event of a 2xx answer must
 * be there, and nothing beyond what was sent.
 *
 * @param storedAcked events the service should have stored, of requests answered 2xx
 * @param storedSent  the same, of every request sent (answered or not)
 * @param rowsInTable rows in {@code events} after the phase (the tables are emptied before each)
 * @param maintenance vacuum and analyze runs on the event tables during the phase (warm-up included):
 *                    bursts of PostgreSQL work that show in that phase's latency
 * @param statements  the insert statements the service's writers sent during the phase (warm-up included)
 * @param newWalSegments WAL segment files PostgreSQL created during the phase instead of reusing one
 *                    (the phase starts right after a checkpoint, so none is removed meanwhile): with
 *                    {@code wal_init_zero=on}, each held every commit while 16 MB were zero-filled
 * @param serviceResponses the service's own time per {@code POST /v1/events} during the phase (warm-up
 *                    included), from its {@code /metrics}
 */
public record StorageCheck(long storedAcked, long storedSent, long rowsInTable, MaintenanceRuns maintenance,
                           WriterStatements statements, long newWalSegments, MetricHistogram serviceResponses) {
    public boolean consistent() {
        return rowsInTable >= storedAcked && rowsInTable <= storedSent;
    }
}
