package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One rights job as stored, without the user's pseudonyms. Holds no raw identifier: the subject
 * is named by the SHA-256 hex of its id.
 *
 * @param subjectHash null for jobs about no one person (retention)
 * @param params      what was asked; treat as read-only
 * @param progress    where the job stands (cursor and counters); treat as read-only
 * @param result      what it did, once done; null before
 * @param lastError   the last failure's safe message, or null
 */
public record RightsJob(UUID id, JobKind kind, String subjectHash, ObjectNode params, JobState state, int attempts,
                        String requestedBy, Instant createdAt, Instant notBefore, Instant startedAt,
                        Instant finishedAt, ObjectNode progress, ObjectNode result, String lastError) {

    public RightsJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(progress, "progress");
    }

    /** For the API and exports: every field, times in ISO-8601, absent ones as null. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("id", id.toString())
                .put("kind", kind.wireName())
                .put("subjectHash", subjectHash)
                .put("state", state.wireName())
                .put("attempts", attempts)
                .put("requestedBy", requestedBy)
                .put("createdAt", createdAt.toString())
                .put("notBefore", text(notBefore))
                .put("startedAt", text(startedAt))
                .put("finishedAt", text(finishedAt));
        json.set("params", params.deepCopy());
        json.set("progress", progress.deepCopy());
        json.set("result", result == null ? null : result.deepCopy());
        return json.put("lastError", lastError);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
