package dev.sieve.storage.rights;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A job a runner holds: the job, the user's pseudonyms (empty when the job has none yet), and the
 * lease token that every step of this claim must still find on the row to commit.
 */
record ClaimedJob(RightsJob job, List<String> userKeys, UUID leaseToken) {
    ClaimedJob {
        Objects.requireNonNull(job, "job");
        userKeys = List.copyOf(userKeys);
        Objects.requireNonNull(leaseToken, "leaseToken");
    }

    ClaimedJob withUserKeys(List<String> keys) {
        return new ClaimedJob(job, keys, leaseToken);
    }

    @Override
    public String toString() {
        // Pseudonyms are personal data: keep them out of logs.
        return "ClaimedJob[id=" + job.id() + ", kind=" + job.kind().wireName() + ", keys=" + userKeys.size() + "]";
    }
}
