package dev.sieve.storage.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A half-open interval [from, to) of receive times (UTC). Queries filter on {@code received_at},
 * the server's clock and the partition key, not on the client-supplied event time.
 */
public record TimeRange(Instant from, Instant to) {
    /** The widest range any analyst query may cover. */
    public static final Duration MAX_RANGE = Duration.ofDays(366);
    /** The earliest instant accepted, so that bad input cannot reach PostgreSQL's timestamp limits. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    public TimeRange {
        InvalidQuery.require(from != null && to != null, "'from' and 'to' are required");
        InvalidQuery.require(!from.isBefore(EARLIEST) && !to.isAfter(LATEST),
                "'from' and 'to' must lie between 2000-01-01 and 2200-01-01");
        InvalidQuery.require(from.isBefore(to), "'from' must be before 'to'");
        InvalidQuery.require(Duration.between(from, to).compareTo(MAX_RANGE) <= 0,
                "the time range may cover at most " + MAX_RANGE.toDays() + " days");
    }

    /**
     * Parses {@code from} and {@code to}: an RFC 3339 instant ({@code 2026-11-01T00:00:00Z}) or a
     * date ({@code 2026-11-01}, meaning its midnight UTC).
     */
    public static TimeRange parse(String from, String to) {
        return new TimeRange(instant("from", from), instant("to", to));
    }

    /** This range, checked to be no wider than {@code max} ({@code what} names the limit in the answer). */
    public TimeRange atMost(Duration max, String what) {
        InvalidQuery.require(duration().compareTo(max) <= 0,
                what + " may cover at most " + describe(max));
        return this;
    }

    public Duration duration() {
        return Duration.between(from, to);
    }

    private static String describe(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " hours";
    }

    private static Instant instant(String name, String text) {
        InvalidQuery.require(text != null && !text.isBlank(), "'" + name + "' is required");
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidQuery.because("'" + name + "' must be a date (2026-11-01) or an RFC 3339 time"
                    + " (2026-11-01T00:00:00Z)");
        }
    }
}
