package dev.sieve.ingest.formats.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads scalar and object values out of a foreign event's JSON tree, with the types the SDKs send. */
public final class WireValues {
    private WireValues() {
    }

    /** True for a missing field and for JSON {@code null}: both mean absent. */
    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /**
     * A string, or a number as its JSON text (SDKs send numeric user ids); null when absent.
     *
     * @throws WireRejected {@code bad_type} for booleans, objects and arrays
     */
    public static String text(JsonNode node, String field) throws WireRejected {
        if (absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.asText();
        }
        throw WireRejected.badType(field, "a string");
    }

    /** Like {@link #text} but only strings. */
    public static String string(JsonNode node, String field) throws WireRejected {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw WireRejected.badType(field, "a string");
        }
        return node.textValue();
    }

    /** An object, or null when absent. */
    public static ObjectNode object(JsonNode node, String field) throws WireRejected {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw WireRejected.badType(field, "an object");
        }
        return (ObjectNode) node;
    }

    /** An object, or null for anything else: for optional metadata an SDK may shape differently. */
    public static ObjectNode objectOrNull(JsonNode node) {
        return node != null && node.isObject() ? (ObjectNode) node : null;
    }
}
