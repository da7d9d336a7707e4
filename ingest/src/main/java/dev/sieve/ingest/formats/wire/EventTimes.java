package dev.sieve.ingest.formats.wire;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Client clocks as the SDKs send them, and the corrections their own collectors apply. Every
 * corrected time is bounded like the native format's: at most 24 hours after it was received.
 */
public final class EventTimes {
    /** The native decoder's bound on event times in the future. */
    public static final Duration MAX_FUTURE = Duration.ofHours(24);
    private static final int MAX_TEXT_CHARS = 40;
    private static final int MAX_MILLIS_DIGITS = 15;

    private EventTimes() {
    }

    /**
     * An ISO-8601 date-time such as {@code 2012-12-02T00:30:08.276Z} or {@code ...+01:00}; one
     * without an offset is read as UTC, as Segment and PostHog do. Null when it is not one.
     */
    public static Instant iso(String text) {
        if (text == null || text.length() > MAX_TEXT_CHARS) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException offsetMissing) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                return null;
            }
        }
    }

    /** Milliseconds since the epoch written as decimal digits ({@code 1665398554151}), or null. */
    public static Instant epochMillis(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_MILLIS_DIGITS) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return Instant.ofEpochMilli(value);
    }

    /**
     * The event time on the server's clock: {@code receivedAt - (sentAt - eventTime)}, the
     * formula Segment, PostHog and Snowplow ({@code derived_tstamp}) all use, since the client's
     * clock error cancels out of the difference.
     */
    public static Instant skewCorrected(Instant receivedAt, Instant sentAt, Instant eventTime) {
        return receivedAt.minus(Duration.between(eventTime, sentAt));
    }

    public static boolean tooFarAhead(Instant eventTime, Instant receivedAt) {
        return eventTime.isAfter(receivedAt.plus(MAX_FUTURE));
    }
}
