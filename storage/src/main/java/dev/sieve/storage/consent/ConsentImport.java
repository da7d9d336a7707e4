package dev.sieve.storage.consent;

import dev.sieve.enforcement.consent.Purpose;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One subject's choices from a bulk import (e.g. one NDJSON line exported by a consent-management
 * platform): each named purpose granted ({@code true}) or denied ({@code false}).
 * {@link #toString()} leaves the subject id out: it is personal data.
 */
public record ConsentImport(String subjectId, Map<Purpose, Boolean> choices) {

    public ConsentImport {
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(choices, "choices");
        EnumMap<Purpose, Boolean> copy = new EnumMap<>(Purpose.class);
        choices.forEach((purpose, granted) -> copy.put(Objects.requireNonNull(purpose, "purpose"),
                Objects.requireNonNull(granted, "granted")));
        choices = Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "ConsentImport[choices=" + choices + "]";
    }
}
