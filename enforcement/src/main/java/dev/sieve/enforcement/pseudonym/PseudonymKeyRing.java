package dev.sieve.enforcement.pseudonym;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The active pseudonym key and the previous ones still in their grace period. New pseudonyms
 * are made only with the active key; previous keys let the privacy team find (join) rows made
 * before a rotation until their grace period ends.
 */
public final class PseudonymKeyRing {

    /** A previous key and the end of its grace period (empty: until it is removed from the settings). */
    public record PreviousKey(PseudonymKey key, Optional<Instant> graceUntil) {
        public PreviousKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(graceUntil, "graceUntil");
        }
    }

    private final PseudonymKey active;
    private final List<PreviousKey> previous;

    public PseudonymKeyRing(PseudonymKey active, List<PreviousKey> previous) {
        this.active = Objects.requireNonNull(active, "active");
        this.previous = List.copyOf(previous);
        for (PreviousKey p : previous) {
            if (p.key().id().equals(active.id())) {
                throw new IllegalArgumentException("a previous key cannot reuse the active key id");
            }
        }
    }

    public PseudonymKey active() {
        return active;
    }

    /** The active key and every previous key whose grace period has not ended at {@code now}. */
    public List<PseudonymKey> usable(Instant now) {
        List<PseudonymKey> keys = new ArrayList<>();
        keys.add(active);
        for (PreviousKey p : previous) {
            if (p.graceUntil().map(now::isBefore).orElse(true)) {
                keys.add(p.key());
            }
        }
        return keys;
    }

    /** The pseudonyms of {@code value} in {@code domain} under every usable key, active first. */
    public List<String> pseudonymsOf(String domain, String value, Instant now) {
        List<String> out = new ArrayList<>();
        for (PseudonymKey key : usable(now)) {
            out.add(new Pseudonymizer(key).pseudonymize(domain, value));
        }
        return out;
    }
}
