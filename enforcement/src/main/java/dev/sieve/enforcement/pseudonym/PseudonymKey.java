package dev.sieve.enforcement.pseudonym;

import java.util.Arrays;
import java.util.Objects;

/** A secret HMAC key with the id that every pseudonym made under it carries, so keys can rotate. */
public final class PseudonymKey {
    private final String id;
    private final byte[] secret;

    public PseudonymKey(String id, byte[] secret) {
        this.id = Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("key id must be 1-32 of [A-Za-z0-9_-]");
        }
        if (secret.length < 32) {
            throw new IllegalArgumentException("pseudonym secret must be at least 32 bytes");
        }
        this.secret = secret.clone();
    }

    public String id() {
        return id;
    }

    byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudonymKey k && id.equals(k.id) && Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "PseudonymKey[id=" + id + "]";
    }
}
