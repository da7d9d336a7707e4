package dev.sieve.enforcement.consent;

import java.util.Locale;
import java.util.Optional;

/** Why an event is processed. Names as they appear on the wire and in the database. */
public enum Purpose {
    ANALYTICS,
    DIAGNOSTICS,
    SECURITY,
    MARKETING;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Optional<Purpose> fromWire(String name) {
        for (Purpose p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
