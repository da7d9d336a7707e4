package dev.sieve.storage.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * How an audit entry's hash is computed, for {@link AuditLog} and for anyone re-checking the log
 * with other tools:
 * <pre>
 * hash = SHA-256(prev_hash || UTF-8(C))
 * C    = canonical JSON text of [seq, at_us, actor, action, subject, reason, details]
 * </pre>
 * where {@code prev_hash} is the previous entry's hash (32 zero bytes for seq 1), {@code at_us}
 * is {@code at} as integer microseconds since 1970-01-01T00:00:00Z, and the canonical text is
 * {@link CanonicalJson}'s (no whitespace, keys sorted by code point, minimal string escapes,
 * plain numbers). Example for the first entry:
 * {@code [1,1764417600000000,"alice","policy.activate","policy:2","rollout",{"version":2}]}.
 */
public final class AuditChain {
    private static final int HASH_BYTES = 32;

    private AuditChain() {
    }

    /** 32 zero bytes: the {@code prev_hash} of entry 1. */
    public static byte[] genesis() {
        return new byte[HASH_BYTES];
    }

    /** The canonical text {@code C} of an entry (see the class comment). */
    public static String canonicalForm(long seq, Instant at, String actor, String action, String subject,
                                       String reason, JsonNode details) {
        StringBuilder out = new StringBuilder(256);
        out.append('[').append(seq).append(',').append(epochMicros(at)).append(',');
        for (String text : new String[] {actor, action, subject, reason}) {
            CanonicalJson.writeString(text, out);
            out.append(',');
        }
        CanonicalJson.write(details, out);
        return out.append(']').toString();
    }

    /** {@code SHA-256(prevHash || UTF-8(canonicalForm(...)))}. */
    public static byte[] hash(byte[] prevHash, long seq, Instant at, String actor, String action, String subject,
                              String reason, JsonNode details) {
        MessageDigest sha256 = sha256();
        sha256.update(prevHash);
        sha256.update(canonicalForm(seq, at, actor, action, subject, reason, details)
                .getBytes(StandardCharsets.UTF_8));
        return sha256.digest();
    }

    /** Microseconds since the epoch, the precision PostgreSQL keeps; finer parts are dropped. */
    public static long epochMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
