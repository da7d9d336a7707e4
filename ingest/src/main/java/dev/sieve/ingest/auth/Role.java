package dev.sieve.ingest.auth;

import java.util.Optional;

/** What an API key may do. Stored by {@link #wireName()} in the {@code api_keys} table. */
public enum Role {
    /** Sends events; may be public in a browser. */
    WRITER("writer"),
    /** Records users' consent from a server. */
    CONSENT("consent"),
    /** The privacy team: policies, audit, users' requests. */
    PRIVACY_ADMIN("privacy-admin"),
    /** Queries stored, enforced data. */
    ANALYST("analyst");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWire(String name) {
        for (Role r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
