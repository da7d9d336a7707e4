package dev.sieve.enforcement.error;

/**
 * Every failure Sieve reports, mapped once to an HTTP status. Failed futures carry a
 * {@link SieveException} with one of these; one failure handler in ingest writes the answer.
 */
public enum ErrorCode {
    MALFORMED_JSON(400, false, "Malformed JSON"),
    INVALID_EVENT(400, false, "Invalid event"),
    INVALID_REQUEST(400, false, "Invalid request"),
    UNAUTHORIZED(401, false, "Unauthorized"),
    FORBIDDEN(403, false, "Forbidden"),
    NOT_FOUND(404, false, "Not found"),
    METHOD_NOT_ALLOWED(405, false, "Method not allowed"),
    PAYLOAD_TOO_LARGE(413, false, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, false, "Unsupported media type"),
    WRITER_SATURATED(503, true, "Writer saturated"),
    STORAGE_UNAVAILABLE(503, true, "Storage unavailable"),
    POLICY_UNAVAILABLE(503, true, "Policy unavailable"),
    INTERNAL(500, true, "Internal error");

    private final int httpStatus;
    private final boolean retryable;
    private final String title;

    ErrorCode(int httpStatus, boolean retryable, String title) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Whether a client may retry the same request later and expect success. */
    public boolean retryable() {
        return retryable;
    }

    public String title() {
        return title;
    }

    /** The problem type URI fragment, e.g. {@code malformed-json}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
