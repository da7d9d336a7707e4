package dev.sieve.storage.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log, as stored. Holds no personal data (see {@link AuditLog}).
 *
 * @param seq      position in the chain: 1, 2, 3, ... without gaps
 * @param at       when it was appended (microsecond precision)
 * @param actor    who made the change (an API key name, or {@code system})
 * @param action   what was done, e.g. {@code policy.create}
 * @param subject  what it was done to, e.g. {@code policy:5}
 * @param reason   why, as given by the actor
 * @param details  the change, a JSON object; treat as read-only
 * @param prevHash the previous entry's hash, lower-case hex (64 zeros for seq 1)
 * @param hash     this entry's hash, lower-case hex; see {@link AuditChain}
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String subject, String reason,
                         JsonNode details, String prevHash, String hash) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** The entry as a JSON object for the API: every component, {@code at} in ISO-8601. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("seq", seq)
                .put("at", at.toString())
                .put("actor", actor)
                .put("action", action)
                .put("subject", subject)
                .put("reason", reason);
        json.set("details", details.deepCopy());
        return json.put("prevHash", prevHash).put("hash", hash);
    }
}
