package dev.sieve.ingest.decode;

import java.util.Locale;

/**
 * Why one event of a request was rejected. The wire name ({@code unknown_field}, ...) is what
 * clients see next to the event's index; it is stable, so clients and dashboards may match on it.
 */
public enum RejectionCode {
    /** An array element or NDJSON line that is JSON but not an object. */
    NOT_AN_OBJECT,
    /** An NDJSON line that is not valid JSON (in an array, broken syntax fails the request). */
    MALFORMED_JSON,
    /** A key outside the allow-list, at the top level or in {@code device}. */
    UNKNOWN_FIELD,
    /** The same key twice in one object. */
    DUPLICATE_FIELD,
    /** A field holding the wrong JSON type, e.g. a number where a string belongs. */
    BAD_TYPE,
    /** No {@code type}. */
    MISSING_TYPE,
    /** Neither {@code userId} nor {@code anonymousId}. */
    MISSING_USER,
    /** {@code type} empty, longer than 200 characters or using characters outside [A-Za-z0-9_.:$ -]. */
    BAD_EVENT_NAME,
    /** {@code id} not a UUID in canonical 8-4-4-4-12 form, or the nil UUID. */
    BAD_ID,
    /** {@code timestamp} not ISO-8601 / RFC 3339 with a zone offset. */
    BAD_TIMESTAMP,
    /** {@code timestamp} more than 24 hours after the request was received. */
    FUTURE_TIMESTAMP,
    /** {@code purpose}, or a key of {@code consent}, not analytics, diagnostics, security or marketing. */
    BAD_PURPOSE,
    /** {@code ip} not an IPv4 or IPv6 literal. */
    BAD_IP,
    /** An empty {@code userId} or {@code anonymousId}. */
    EMPTY_VALUE,
    /** A string or key longer than its limit. */
    TOO_LONG,
    /** A string holding a NUL character or a lone UTF-16 surrogate, which PostgreSQL cannot store. */
    BAD_TEXT,
    /** A number in {@code properties} too large to store as a finite double. */
    BAD_NUMBER,
    /** {@code properties} nested deeper than the limit. */
    TOO_DEEP;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The snake_case name clients see, e.g. {@code unknown_field}. */
    public String wireName() {
        return wireName;
    }
}
