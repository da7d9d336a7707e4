package dev.sieve.ingest.formats.wire;

import dev.sieve.ingest.decode.RejectionCode;

/**
 * Thrown while mapping one event of a foreign wire format to abandon it; the batch turns it into
 * a {@link dev.sieve.ingest.decode.Rejection}. Stackless, like the native decoder's: a hostile
 * client can make this path hot. Messages name fields and limits, never values.
 */
public final class WireRejected extends Exception {
    private final RejectionCode code;

    public WireRejected(RejectionCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }

    public static WireRejected badType(String field, String expected) {
        return new WireRejected(RejectionCode.BAD_TYPE, "field '" + field + "' must be " + expected);
    }

    public static WireRejected tooLong(String field, int maxChars) {
        return new WireRejected(RejectionCode.TOO_LONG, "field '" + field + "' is longer than " + maxChars + " characters");
    }

    public static WireRejected badText(String field) {
        return new WireRejected(RejectionCode.BAD_TEXT,
                "field '" + field + "' contains a NUL character or an unpaired surrogate");
    }
}
