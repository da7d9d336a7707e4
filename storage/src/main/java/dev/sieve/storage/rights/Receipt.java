package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What one completed job changed, as the privacy team shows it (see {@code rights_receipts}).
 *
 * @param userKey       the user's pseudonym under the active key when the job ran; null for jobs
 *                      about no one person, and after an erasure of that person
 * @param purpose       the purpose withdrawn, if any
 * @param rule          the retention rule applied, if any
 * @param policyVersion the policy whose rules were applied, if any
 */
public record Receipt(long id, UUID jobId, JobKind kind, String subjectHash, String userKey, String purpose,
                      String rule, long rowsChanged, Long policyVersion, Instant startedAt, Instant finishedAt,
                      ObjectNode details) {

    public Receipt {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(details, "details");
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("id", id)
                .put("jobId", jobId.toString())
                .put("kind", kind.wireName())
                .put("subjectHash", subjectHash)
                .put("userKey", userKey)
                .put("purpose", purpose)
                .put("rule", rule)
                .put("rowsChanged", rowsChanged)
                .put("policyVersion", policyVersion)
                .put("startedAt", startedAt.toString())
                .put("finishedAt", finishedAt.toString());
        json.set("details", details.deepCopy());
        return json;
    }

    @Override
    public String toString() {
        return "Receipt[id=" + id + ", jobId=" + jobId + ", kind=" + kind.wireName() + ", rows=" + rowsChanged + "]";
    }
}
