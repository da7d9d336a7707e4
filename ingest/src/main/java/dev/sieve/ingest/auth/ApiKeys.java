package dev.sieve.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The known API keys as SHA-256 hashes with their roles. Immutable; a presented key is hashed
 * and compared against every stored hash in constant time, so timing tells nothing.
 */
public final class ApiKeys {
    private final List<Map.Entry<byte[], Role>> entries;

    public ApiKeys(Map<byte[], Role> hashes) {
        this.entries = new ArrayList<>();
        hashes.forEach((hash, role) -> entries.add(Map.entry(hash.clone(), role)));
    }

    /** The role of a raw key, if it is known. */
    public Optional<Role> roleOf(String rawKey) {
        return principalOf(rawKey).map(Principal::role);
    }

    /** Who presents this raw key, if it is known. */
    public Optional<Principal> principalOf(String rawKey) {
        byte[] presented = sha256(rawKey);
        Role found = null;
        for (Map.Entry<byte[], Role> e : entries) {
            if (MessageDigest.isEqual(e.getKey(), presented) && found == null) {
                found = e.getValue();
            }
        }
        return found == null ? Optional.empty()
                : Optional.of(new Principal(found, java.util.HexFormat.of().formatHex(presented, 0, 6)));
    }

    public int size() {
        return entries.size();
    }

    public static byte[] sha256(String rawKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(rawKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
