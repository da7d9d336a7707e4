package dev.sieve.ingest.query;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.query.EventFilter;
import dev.sieve.storage.query.FunnelQuery;
import dev.sieve.storage.query.InvalidQuery;
import dev.sieve.storage.query.PropertyPath;
import dev.sieve.storage.query.TimeRange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /v1/query/funnel}:
 * {@code {"steps": ["signup", "activate"], "window": "P1D", "from": "2026-11-01", "to": "2026-11-08",
 * "purposes": ["analytics"], "properties": {"plan": "pro"}}}. Unknown members are a 400.
 */
final class FunnelRequest {
    static final Set<String> MEMBERS = Set.of("steps", "window", "from", "to", "purposes", "properties");

    private FunnelRequest() {
    }

    static FunnelQuery parse(Buffer body) {
        JsonObject json = object(body);
        for (String name : json.fieldNames()) {
            InvalidQuery.require(MEMBERS.contains(name), "unknown member in the funnel body; known: "
                    + String.join(", ", MEMBERS.stream().sorted().toList()));
        }
        TimeRange range = TimeRange.parse(text(json, "from"), text(json, "to"));
        Set<Purpose> purposes = new LinkedHashSet<>();
        strings(json, "purposes").forEach(p -> purposes.add(EventFilter.purpose(p)));
        Map<PropertyPath, String> properties = new LinkedHashMap<>();
        Object props = json.getValue("properties");
        if (props != null) {
            InvalidQuery.require(props instanceof JsonObject, "'properties' must be an object of name to text");
            for (Map.Entry<String, Object> e : ((JsonObject) props)) {
                InvalidQuery.require(e.getValue() instanceof String, "each property value must be text");
                properties.put(PropertyPath.parse(e.getKey()), (String) e.getValue());
            }
        }
        EventFilter filter = new EventFilter(range, List.of(), purposes, properties);
        return new FunnelQuery(filter, strings(json, "steps"), window(text(json, "window")));
    }

    private static JsonObject object(Buffer body) {
        try {
            JsonObject json = body == null || body.length() == 0 ? null : new JsonObject(body);
            InvalidQuery.require(json != null, "a JSON object body is required");
            return json;
        } catch (DecodeException | ClassCastException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "the body must be a JSON object");
        }
    }

    private static String text(JsonObject json, String name) {
        Object v = json.getValue(name);
        InvalidQuery.require(v == null || v instanceof String, "'" + name + "' must be text");
        return (String) v;
    }

    private static List<String> strings(JsonObject json, String name) {
        Object v = json.getValue(name);
        if (v == null) {
            return List.of();
        }
        InvalidQuery.require(v instanceof JsonArray, "'" + name + "' must be an array of text");
        List<String> out = new ArrayList<>();
        for (Object item : (JsonArray) v) {
            InvalidQuery.require(item instanceof String, "'" + name + "' must be an array of text");
            out.add((String) item);
        }
        return out;
    }

    private static Duration window(String text) {
        InvalidQuery.require(text != null, "'window' is required (an ISO-8601 duration such as PT30M or P1D)");
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidQuery.because("'window' must be an ISO-8601 duration such as PT30M or P1D");
        }
    }
}
