package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A job to enqueue: see {@code rights_jobs} for the columns. */
record NewJob(UUID id, JobKind kind, String subjectHash, List<String> userKeys, ObjectNode params,
              String idempotencyKey, String requestedBy, Instant notBefore) {
    NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        userKeys = userKeys == null ? null : List.copyOf(userKeys);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(notBefore, "notBefore");
    }
}
