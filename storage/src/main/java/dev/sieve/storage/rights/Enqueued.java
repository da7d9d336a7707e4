package dev.sieve.storage.rights;

import java.util.Objects;

/**
 * The answer to a request: the job, and whether this request created it ({@code false}: an earlier
 * request with the same idempotency key, or an open job for the same subject, already had).
 */
public record Enqueued(RightsJob job, boolean created) {
    public Enqueued {
        Objects.requireNonNull(job, "job");
    }
}
