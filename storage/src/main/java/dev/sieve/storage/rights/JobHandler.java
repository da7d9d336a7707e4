package dev.sieve.storage.rights;

import io.vertx.core.Future;

/**
 * Does one kind of job. A handler works in steps, each one short transaction through
 * {@link JobContext#step}, and ends with {@link JobContext#complete}. A job may be interrupted
 * between any two steps and resumed by another runner from the saved progress, so every step must
 * be idempotent given that progress, and counts must be kept in the progress, not in memory.
 */
interface JobHandler {

    JobKind kind();

    /** Runs (or resumes) the job to completion; fails to have the runner retry it later. */
    Future<Void> run(JobContext context);
}
