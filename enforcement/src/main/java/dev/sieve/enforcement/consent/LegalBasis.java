package dev.sieve.enforcement.consent;

import java.util.Locale;
import java.util.Optional;

/** The legal basis of a purpose. Only {@link #CONSENT} depends on the user's choice. */
public enum LegalBasis {
    CONSENT,
    CONTRACT,
    LEGITIMATE_INTERESTS,
    LEGAL_OBLIGATION,
    VITAL_INTERESTS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LegalBasis> fromWire(String name) {
        for (LegalBasis b : values()) {
            if (b.wireName().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
