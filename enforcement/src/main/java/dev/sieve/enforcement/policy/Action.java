package dev.sieve.enforcement.policy;

import java.util.Locale;
import java.util.Optional;

/** What enforcement does to one field. */
public enum Action {
    /** Store the value as received. Never allowed on raw identifiers. */
    KEEP,
    /** Store nothing. */
    DROP,
    /** Keep only the network prefix of an IP address. */
    TRUNCATE,
    /** Replace with a keyed HMAC-SHA256 pseudonym that carries its key id. */
    PSEUDONYMIZE,
    /** Replace with a coarser value: user agent to browser family and major version, device model to device class. */
    GENERALIZE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> fromWire(String name) {
        for (Action a : values()) {
            if (a.wireName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
