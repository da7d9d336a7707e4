package dev.sieve.enforcement.error;

/**
 * A failure with an {@link ErrorCode}. The message is shown to clients, so it must never
 * contain personal data (no IP, user id, device id or event body).
 */
public final class SieveException extends RuntimeException {
    private final ErrorCode code;

    public SieveException(ErrorCode code, String safeMessage) {
        super(safeMessage, null, false, false);
        this.code = code;
    }

    public SieveException(ErrorCode code, String safeMessage, Throwable cause) {
        super(safeMessage, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The code of any throwable: a {@link SieveException}'s own, else {@link ErrorCode#INTERNAL}. */
    public static ErrorCode codeOf(Throwable t) {
        return t instanceof SieveException se ? se.code : ErrorCode.INTERNAL;
    }
}
