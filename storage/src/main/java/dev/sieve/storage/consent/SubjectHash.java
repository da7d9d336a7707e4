package dev.sieve.storage.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a subject id (UTF-8) in lower-case hex: how a subject is named wherever its id
 * must not appear (NOTIFY payloads, cache keys shared with them). PostgreSQL computes the same
 * with {@code encode(sha256(convert_to(subject_id, 'UTF8')), 'hex')}.
 */
final class SubjectHash {
    private SubjectHash() {
    }

    static String hex(String subjectId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subjectId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
