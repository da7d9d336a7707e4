package dev.sieve.ingest.decode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses {@code 2026-11-29T12:00:00.000Z} and {@code 2026-11-29T13:00:00+01:00}: an ISO-8601 /
 * RFC 3339 date-time with seconds, an optional 1-9 digit fraction and a mandatory offset.
 * Hand-written because {@code DateTimeFormatter} costs microseconds per call on the hot path.
 */
final class Rfc3339 {
    private static final int MIN_LENGTH = "2026-11-29T12:00:00Z".length();
    private static final int MAX_LENGTH = "2026-11-29T12:00:00.123456789+01:00".length();

    private Rfc3339() {
    }

    /** The instant, or null when the text is not such a date-time (including Feb 30 or 24:00). */
    static Instant parse(String text) {
        int n = text.length();
        if (n < MIN_LENGTH || n > MAX_LENGTH || !separatorsAt(text)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
                nanos = nanos * 10 + (text.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(text, i);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean separatorsAt(String text) {
        return text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':';
    }

    /** {@code Z} or {@code +HH:MM} / {@code -HH:MM} ending the text at {@code i}; MIN_VALUE if not. */
    private static int offsetSeconds(String text, int i) {
        int rest = text.length() - i;
        if (rest <= 0) {
            return Integer.MIN_VALUE;
        }
        char c = text.charAt(i);
        if (c == 'Z' && rest == 1) {
            return 0;
        }
        if ((c != '+' && c != '-') || rest != 6 || text.charAt(i + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, i + 1, 2);
        int minutes = digits(text, i + 4, 2);
        if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return c == '-' ? -seconds : seconds;
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
