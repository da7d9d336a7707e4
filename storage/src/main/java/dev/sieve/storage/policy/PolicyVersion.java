package dev.sieve.storage.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored policy version: the document as the privacy team wrote it (immutable once stored),
 * whether it is the active one, and who created it when and why.
 *
 * @param document the PolicyJson document, without the version; treat as read-only
 */
public record PolicyVersion(long version, JsonNode document, boolean active, Instant createdAt, String createdBy,
                            String reason) {

    public PolicyVersion {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The document parsed and validated under this version number.
     *
     * @throws InvalidPolicyException when the document does not validate (any more)
     */
    public Policy policy() {
        return PolicyJson.fromJson(document, version);
    }

    /** For the API: {@code {"version":3,"active":true,"createdAt":"...","createdBy":"...","reason":"...","document":{...}}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("version", version)
                .put("active", active)
                .put("createdAt", createdAt.toString())
                .put("createdBy", createdBy)
                .put("reason", reason);
        json.set("document", document.deepCopy());
        return json;
    }
}
