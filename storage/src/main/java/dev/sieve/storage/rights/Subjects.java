package dev.sieve.storage.rights;

import dev.sieve.storage.consent.SubjectHash;
import java.util.regex.Pattern;

/**
 * How rights jobs name a person without holding the id: the SHA-256 hex of the id in UTF-8 (what
 * {@code sieve_subject_hash()} computes in SQL and {@code NOTIFY sieve_consent} carries), and the
 * audit subject {@code user:<hash>}.
 */
public final class Subjects {
    /** The domain the enforcer pseudonymises user ids in: {@code events.user_key}. */
    public static final String USER_DOMAIN = "user";
    /** The longest user id the rights API accepts (the consent API's limit). */
    public static final int MAX_ID_LENGTH = 200;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private Subjects() {
    }

    public static String hash(String subjectId) {
        return SubjectHash.hex(subjectId);
    }

    public static boolean isHash(String text) {
        return text != null && HASH.matcher(text).matches();
    }

    /** The audit log's subject for a person: {@code user:<sha256 hex>} (as {@code AuditLog.hashedSubject}). */
    public static String auditSubject(String subjectHash) {
        return "user:" + subjectHash;
    }
}
