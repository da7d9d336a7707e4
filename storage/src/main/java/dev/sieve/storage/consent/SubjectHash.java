package dev.sieve.storage.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a subject id (UTF-8): how a subject is named wherever its id must not appear.
 * As lower-case hex it is the payload of {@code NOTIFY sieve_consent}; PostgreSQL computes the
 * same with {@code encode(sha256(convert_to(subject_id, 'UTF8')), 'hex')}. As four longs it is the
 * consent cache's key: comparing it reads one small object where a 64-character string key is
 * two (the string and its bytes), and those reads mostly miss the CPU's caches, so they are what a
 * lookup costs (docs/performance.md).
 */
public record SubjectHash(long first, long second, long third, long fourth) implements Comparable<SubjectHash> {
    private static final int HEX_CHARS = 64;
    /** One digest per thread: {@code MessageDigest.getInstance} looks up the provider on every call. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    static SubjectHash of(String subjectId) {
        byte[] digest = SHA_256.get().digest(subjectId.getBytes(StandardCharsets.UTF_8));
        return new SubjectHash(longAt(digest, 0), longAt(digest, 8), longAt(digest, 16), longAt(digest, 24));
    }

    /** The hash written as 64 hex digits (any case), or null if the text is not one. */
    static SubjectHash ofHex(String hex) {
        if (hex.length() != HEX_CHARS) {
            return null;
        }
        for (int i = 0; i < HEX_CHARS; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') { // digit() also takes fullwidth
                return null;
            }
        }
        return new SubjectHash(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32),
                HexFormat.fromHexDigitsToLong(hex, 32, 48), HexFormat.fromHexDigitsToLong(hex, 48, 64));
    }

    /** The SHA-256 of the subject id in lower-case hex (also how rights jobs name a subject). */
    public static String hex(String subjectId) {
        return of(subjectId).hex();
    }

    String hex() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(first) + hex.toHexDigits(second) + hex.toHexDigits(third) + hex.toHexDigits(fourth);
    }

    /**
     * The digest's bits are uniform, so its first bits are as good a hash as any mix of all of them.
     * Ids can be chosen to collide in 32 bits, so keys are also {@link Comparable}: a map bin they
     * crowd becomes a tree, as it would with string keys.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(first);
    }

    @Override
    public int compareTo(SubjectHash other) {
        int c = Long.compare(first, other.first);
        if (c == 0) {
            c = Long.compare(second, other.second);
        }
        if (c == 0) {
            c = Long.compare(third, other.third);
        }
        return c != 0 ? c : Long.compare(fourth, other.fourth);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubjectHash h
                && first == h.first && second == h.second && third == h.third && fourth == h.fourth;
    }

    @Override
    public String toString() {
        return hex();
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + Long.BYTES; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}
