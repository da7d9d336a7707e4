package dev.sieve.ingest.query;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.storage.query.EventFilter;
import dev.sieve.storage.query.InvalidQuery;
import dev.sieve.storage.query.PropertyPath;
import dev.sieve.storage.query.TimeRange;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reading of a query string: every parameter must be one the endpoint knows (else a 400
 * naming it), single-valued ones may appear once, and the common filter parameters ({@code from},
 * {@code to}, {@code type}, {@code purpose}, {@code property.<name>}) become an {@link EventFilter}.
 */
final class QueryParams {
    static final String PROPERTY_PREFIX = "property.";
    static final Set<String> FILTER = Set.of("from", "to", "type", "purpose");
    /** Parameter names safe to repeat in an answer; others are described, not quoted. */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final MultiMap params;

    QueryParams(MultiMap params, Set<String> known) {
        this.params = params;
        for (String name : params.names()) {
            boolean isKnown = known.contains(name) || FILTER.contains(name)
                    || (name.startsWith(PROPERTY_PREFIX) && name.length() > PROPERTY_PREFIX.length());
            if (!isKnown) {
                throw InvalidQuery.because("unknown parameter " + (SHOWABLE.matcher(name).matches() ? "'" + name + "'"
                        : "(name not shown)") + "; this endpoint takes " + String.join(", ", sorted(known))
                        + ", from, to, type, purpose, property.<name>");
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** The single value of {@code name}, or null. */
    String single(String name) {
        List<String> all = params.getAll(name);
        InvalidQuery.require(all.size() <= 1, "'" + name + "' may be given once");
        return all.isEmpty() ? null : all.get(0);
    }

    /** The single value of {@code name}; a 400 when absent. */
    String required(String name) {
        String value = single(name);
        InvalidQuery.require(value != null && !value.isEmpty(), "'" + name + "' is required");
        return value;
    }

    /** An integer from {@code min} to {@code max}, {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        String text = single(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            InvalidQuery.require(value >= min && value <= max, "'" + name + "' must be from " + min + " to " + max);
            return value;
        } catch (NumberFormatException e) {
            throw InvalidQuery.because("'" + name + "' must be an integer from " + min + " to " + max);
        }
    }

    /** Every value of a repeatable parameter, commas also separating values ({@code type=a,b&type=c}). */
    List<String> list(String name) {
        List<String> values = new ArrayList<>();
        for (String v : params.getAll(name)) {
            for (String part : v.split(",", -1)) {
                values.add(part.trim());
            }
        }
        return values;
    }

    /** The filter the common parameters describe. */
    EventFilter filter() {
        TimeRange range = TimeRange.parse(required("from"), required("to"));
        Set<Purpose> purposes = new LinkedHashSet<>();
        list("purpose").forEach(p -> purposes.add(EventFilter.purpose(p)));
        Map<PropertyPath, String> properties = new LinkedHashMap<>();
        for (String name : params.names()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                PropertyPath path = PropertyPath.parse(name.substring(PROPERTY_PREFIX.length()));
                InvalidQuery.require(params.getAll(name).size() == 1, "each property filter may be given once");
                properties.put(path, params.get(name));
            }
        }
        return new EventFilter(range, list("type"), purposes, properties);
    }
}
