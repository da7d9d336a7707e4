package dev.sieve.ingest.formats.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A foreign body read by {@link WireJson}: request-level fields and the events, in request order.
 *
 * @param envelope the request-level fields beside the event array (empty for other shapes)
 */
public record WireBody(ObjectNode envelope, List<Item> items, Shape shape) {

    public WireBody {
        items = List.copyOf(items);
    }

    /** How the body framed its events. */
    public enum Shape {
        /** A JSON array of events. */
        ARRAY,
        /** An object with an event array beside request-level fields. */
        ENVELOPE,
        /** One event object. */
        SINGLE
    }

    /** One element of the event array (not necessarily an object), already within the size limit. */
    public record Item(JsonNode node) {
    }
}
