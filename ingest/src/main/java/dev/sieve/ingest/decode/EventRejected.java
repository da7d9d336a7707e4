package dev.sieve.ingest.decode;

/**
 * Thrown while reading one event to abandon it; the batch reader turns it into a
 * {@link Rejection} and skips to the event's end. Stackless: it is control flow on a path that a
 * hostile client can make hot. Every factory takes field names and limits only, never values.
 */
final class EventRejected extends Exception {
    private static final int MAX_NAME_CHARS = 64;

    private final RejectionCode code;

    private EventRejected(RejectionCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    RejectionCode code() {
        return code;
    }

    static EventRejected of(RejectionCode code, String message) {
        return new EventRejected(code, message);
    }

    /** {@code name} is the client's key: shown truncated and without control characters. */
    static EventRejected unknownField(String name) {
        return new EventRejected(RejectionCode.UNKNOWN_FIELD, "unknown field '" + printable(name) + "'");
    }

    static EventRejected duplicateField(String field) {
        return new EventRejected(RejectionCode.DUPLICATE_FIELD, "field '" + printable(field) + "' appears twice");
    }

    static EventRejected badType(String field, String expected) {
        return new EventRejected(RejectionCode.BAD_TYPE, "field '" + field + "' must be " + expected);
    }

    static EventRejected tooLong(String field, int maxChars) {
        return new EventRejected(RejectionCode.TOO_LONG,
                "field '" + field + "' is longer than " + maxChars + " characters");
    }

    static EventRejected badText(String field) {
        return new EventRejected(RejectionCode.BAD_TEXT,
                "field '" + field + "' contains a NUL character or an unpaired surrogate");
    }

    /**
     * A client-chosen key made fit for a message: at most 64 characters, with control, format
     * (e.g. bidi overrides) and surrogate characters dropped, so it cannot forge log lines or
     * hide text in an answer.
     */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_NAME_CHARS));
        for (int i = 0; i < name.length() && out.length() < MAX_NAME_CHARS; i++) {
            char c = name.charAt(i);
            int type = Character.getType(c);
            if (type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                    && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
                    && type != Character.PARAGRAPH_SEPARATOR) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
