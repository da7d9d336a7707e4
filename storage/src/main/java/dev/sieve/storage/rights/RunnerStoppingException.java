package dev.sieve.storage.rights;

/** The runner is stopping: the job goes back to pending at once and resumes where it stopped. */
final class RunnerStoppingException extends RuntimeException {
    RunnerStoppingException() {
        super("the job runner is stopping", null, false, false);
    }
}
