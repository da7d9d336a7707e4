package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * How a job ends: its result (stored on the job and as the audit entry's details) and the audit
 * entry's action and reason.
 */
record JobOutcome(ObjectNode result, String auditAction, String auditReason) {
    JobOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(auditAction, "auditAction");
        Objects.requireNonNull(auditReason, "auditReason");
    }
}
