package dev.sieve.enforcement.policy;

import dev.sieve.enforcement.consent.LegalBasis;
import java.util.Objects;

/**
 * How a purpose is processed: its legal basis and whether an event without consent for it is
 * dropped whole. Only purposes based on {@link LegalBasis#CONSENT} depend on the user's choice.
 */
public record PurposeRule(LegalBasis legalBasis, boolean dropEventWithoutConsent) {
    public PurposeRule {
        Objects.requireNonNull(legalBasis, "legalBasis");
    }

    public boolean needsConsent() {
        return legalBasis == LegalBasis.CONSENT;
    }
}
