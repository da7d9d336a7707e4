package dev.sieve.ingest.decode;

import java.util.UUID;

/**
 * Syntax checks of single field values, written as char loops because they run for every event
 * (a regex or {@link UUID#fromString}, which is lenient about short groups, would be slower or
 * looser). The foreign formats use the same checks, so every format stores the same shapes.
 */
public final class FieldSyntax {
    public static final int MAX_EVENT_NAME_CHARS = 200;

    private FieldSyntax() {
    }

    /** 1 to 200 characters from [A-Za-z0-9_.:$ -]. */
    public static boolean isEventName(String text) {
        int n = text.length();
        if (n == 0 || n > MAX_EVENT_NAME_CHARS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '$' || c == ' ' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether PostgreSQL can store the text in a {@code text} or {@code jsonb} column: no NUL and
     * no lone surrogate (JSON escapes can produce both). One such value would otherwise fail the
     * whole group-commit batch it lands in, taking other clients' events with it.
     */
    public static boolean isStorable(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** {@link #isStorable(String)} on {@code length} chars of {@code chars} from {@code offset}, without a copy. */
    static boolean isStorable(char[] chars, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c == 0) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == end || !Character.isLowSurrogate(chars[i + 1])) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** A UUID in canonical 8-4-4-4-12 hex form (either case), or null. */
    public static UUID parseUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        int nibbles = 0;
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0 || c > 'f') { // Character.digit also accepts fullwidth digits
                return null;
            }
            if (nibbles++ < 16) {
                msb = (msb << 4) | digit;
            } else {
                lsb = (lsb << 4) | digit;
            }
        }
        return new UUID(msb, lsb);
    }
}
