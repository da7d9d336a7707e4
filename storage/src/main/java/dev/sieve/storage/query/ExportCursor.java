package dev.sieve.storage.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Where an export page ends: the (receivedAt, eventId) of its last row, in export order. Its text
 * form is {@code <receivedAt>,<eventId>}, e.g. {@code 2026-11-29T12:00:00.123456Z,0b6c3f0e-...}, so a
 * client can also build it from the last row it received.
 */
public record ExportCursor(Instant receivedAt, UUID eventId) {
    public ExportCursor {
        InvalidQuery.require(receivedAt != null && eventId != null, "a cursor needs a time and an event id");
    }

    /** Parses the text form; a 400 otherwise. */
    public static ExportCursor parse(String text) {
        int comma = text == null ? -1 : text.indexOf(',');
        InvalidQuery.require(comma > 0 && text.length() < 100, "'after' must be <receivedAt>,<eventId>"
                + " as given by the previous page");
        try {
            return new ExportCursor(Instant.parse(text.substring(0, comma)), uuid(text.substring(comma + 1)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw InvalidQuery.because("'after' must be <receivedAt>,<eventId> as given by the previous page");
        }
    }

    private static UUID uuid(String text) {
        if (text.length() != 36) {
            throw new IllegalArgumentException("not a UUID");
        }
        return UUID.fromString(text);
    }

    @Override
    public String toString() {
        return receivedAt + "," + eventId;
    }
}
