package dev.sieve.storage.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of re-checking the audit chain: intact, or the first entry where it breaks and why.
 * An intact chain can still have lost entries at its end; compare {@link #headHash()} with a copy
 * kept elsewhere to detect that.
 *
 * @param ok             whether every entry checked out
 * @param entriesChecked how many entries were found intact (before the break, if any)
 * @param brokenSeq      the first broken entry's seq (for a gap: the first missing seq); null when ok
 * @param problem        why it is broken; null when ok
 * @param detail         a sentence for people; null when ok
 * @param headHash       the hash of the last intact entry, lower-case hex (64 zeros when none)
 */
public record AuditVerification(boolean ok, long entriesChecked, Long brokenSeq, Problem problem, String detail,
                                String headHash) {

    /** How a chain can be broken. */
    public enum Problem {
        /** An entry's stored hash differs from the hash of its content: the entry was altered. */
        HASH_MISMATCH,
        /** An entry's prev_hash differs from the previous entry's hash: entries were altered or replaced. */
        PREV_HASH_MISMATCH,
        /** A seq is missing (entries were deleted), or the chain does not start at 1. */
        GAP
    }

    static AuditVerification intact(long entriesChecked, String headHash) {
        return new AuditVerification(true, entriesChecked, null, null, null, headHash);
    }

    static AuditVerification broken(long entriesChecked, long brokenSeq, Problem problem, String detail,
                                    String headHash) {
        return new AuditVerification(false, entriesChecked, brokenSeq, problem, detail, headHash);
    }

    /** For the API: {@code {"ok":true,"entriesChecked":12,"headHash":"..."}} or with the break. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("ok", ok).put("entriesChecked", entriesChecked);
        if (!ok) {
            json.put("brokenSeq", brokenSeq).put("problem", problem.name().toLowerCase(java.util.Locale.ROOT))
                    .put("detail", detail);
        }
        return json.put("headHash", headHash);
    }
}
