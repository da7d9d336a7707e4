package dev.sieve.storage.kafka;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the text {@link Instant#toString()} writes ({@code 2026-11-29T12:00:00.123456789Z}) several
 * times faster than {@link Instant#parse}, which costs about as much as parsing the rest of a
 * record; anything else falls back to {@link Instant#parse}.
 */
final class InstantText {
    private static final int SECONDS_PER_DAY = 86_400;

    private InstantText() {
    }

    /** @throws java.time.format.DateTimeParseException when it is not an ISO-8601 instant */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return Instant.parse(text);
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return Instant.parse(text);
            }
            int digits = length - 21;
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return Instant.parse(text);
            }
            nanos = fraction;
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Instant.parse(text); // parses or throws as the JDK does (leap seconds, bad dates)
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            return Instant.parse(text);
        }
        long seconds = date.toEpochDay() * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The decimal value of {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
