package dev.sieve.storage.query;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;

/**
 * The 400 answers of the analyst query API. Messages name parameters and limits, never the values
 * sent (a property value may be personal data).
 */
public final class InvalidQuery {
    private InvalidQuery() {
    }

    /** A {@link ErrorCode#INVALID_REQUEST} failure with this message. */
    public static SieveException because(String safeMessage) {
        return new SieveException(ErrorCode.INVALID_REQUEST, safeMessage);
    }

    /** Throws {@link #because(String)} unless {@code condition} holds. */
    public static void require(boolean condition, String safeMessage) {
        if (!condition) {
            throw because(safeMessage);
        }
    }
}
