package dev.sieve.storage.rights;

/**
 * A job step found that its runner no longer holds the job (the lease expired and another runner
 * claimed it, or the job was completed): the step's transaction is rolled back, so nothing it did
 * is kept, and the runner abandons the job.
 */
final class LeaseLostException extends RuntimeException {
    LeaseLostException() {
        super("the job's lease was lost", null, false, false);
    }
}
