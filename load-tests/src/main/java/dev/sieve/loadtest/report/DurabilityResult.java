package dev.sieve.loadtest.report;

/**
 * The SIGKILL test: acknowledged events must all be stored, and none twice.
 *
 * @param sentEvents            events of every request sent before the kill
 * @param ackedEvents           events of requests answered 2xx before the kill
 * @param ackedMissing          acknowledged events not in the table after the restart (must be 0)
 * @param storedTwice           events with more than one row (must be 0)
 * @param unackedStored         events sent but not acknowledged that were stored anyway (allowed)
 * @param retriedRequests       unacknowledged requests sent again after the restart, as a client would
 * @param missingAfterRetry     sent events still missing after the retries (must be 0)
 * @param storedTwiceAfterRetry events with more than one row after the retries (must be 0)
 * @param restartSeconds        time from the kill until the restarted service was ready
 */
public record DurabilityResult(long sentEvents, long ackedEvents, long ackedMissing, long storedTwice,
                               long unackedStored, long retriedRequests, long missingAfterRetry,
                               long storedTwiceAfterRetry, double killAfterSeconds, double restartSeconds,
                               String killed) {
    public boolean passed() {
        return ackedMissing == 0 && storedTwice == 0 && missingAfterRetry == 0 && storedTwiceAfterRetry == 0;
    }
}
