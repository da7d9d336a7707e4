package dev.sieve.ingest.formats.wire;

import java.util.UUID;

/**
 * The native decoder's syntax rules for single values, for the foreign formats (the native
 * {@code FieldSyntax} is package-private to {@code decode}): the same event-name alphabet, the
 * same storability test and the same canonical UUID form, so every format stores the same shapes.
 */
public final class FieldText {
    public static final int MAX_EVENT_NAME_CHARS = 200;

    private FieldText() {
    }

    /** 1 to 200 characters from [A-Za-z0-9_.:$ -], like the native {@code type}. */
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

    /** No NUL and no lone surrogate: PostgreSQL could not store it, and one such value fails a whole batch. */
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

    /** A UUID in canonical 8-4-4-4-12 hex form (either case), or null; {@link UUID#fromString} accepts short groups. */
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
            if (digit < 0 || c > 'f') {
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
