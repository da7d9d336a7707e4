package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which stored events a query reads: a receive-time range, and optionally event types, purposes
 * and property equalities ({@code properties.path = '/pricing'}). Every part is validated here;
 * SQL sees the values only as bound parameters.
 *
 * @param types      event types (any of them); empty: every type
 * @param purposes   purposes (any of them); empty: every purpose the analyst's scope allows
 * @param properties property name to the text it must equal (all of them)
 */
public record EventFilter(TimeRange range, List<String> types, Set<Purpose> purposes,
                          Map<PropertyPath, String> properties) {
    public static final int MAX_TYPES = 20;
    public static final int MAX_PROPERTIES = 5;
    public static final int MAX_VALUE_CHARS = 500;
    /** What ingest accepts as an event type. */
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.:$ -]{1,200}");

    public EventFilter {
        InvalidQuery.require(range != null, "'from' and 'to' are required");
        types = List.copyOf(types);
        purposes = Set.copyOf(purposes);
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        InvalidQuery.require(types.size() <= MAX_TYPES, "at most " + MAX_TYPES + " event types per query");
        InvalidQuery.require(types.stream().distinct().count() == types.size(), "an event type is repeated");
        types.forEach(EventFilter::checkType);
        InvalidQuery.require(properties.size() <= MAX_PROPERTIES, "at most " + MAX_PROPERTIES
                + " property filters per query");
        properties.values().forEach(EventFilter::checkValue);
    }

    /** Only a time range. */
    public static EventFilter of(TimeRange range) {
        return new EventFilter(range, List.of(), Set.of(), Map.of());
    }

    /** Checks an event type as ingest would; a 400 otherwise. */
    public static String checkType(String type) {
        InvalidQuery.require(type != null && EVENT_TYPE.matcher(type).matches(),
                "an event type has 1 to 200 characters from A-Z a-z 0-9 _ . : $ - and space");
        return type;
    }

    /** The purpose named {@code name}; a 400 for anything else. */
    public static Purpose purpose(String name) {
        return Purpose.fromWire(name).orElseThrow(() ->
                InvalidQuery.because("'purpose' must be one of analytics, diagnostics, security, marketing"));
    }

    private static void checkValue(String value) {
        InvalidQuery.require(value != null && value.length() <= MAX_VALUE_CHARS,
                "a property value may have at most " + MAX_VALUE_CHARS + " characters");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // PostgreSQL text cannot hold NUL; a lone surrogate is not valid UTF-8.
            boolean bad = c == 0 || (Character.isHighSurrogate(c)
                    ? i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(++i))
                    : Character.isLowSurrogate(c));
            InvalidQuery.require(!bad, "a property value must be valid text without NUL characters");
        }
    }

    /** The same filter over another range. */
    public EventFilter withRange(TimeRange other) {
        return new EventFilter(other, types, purposes, properties);
    }
}
