package dev.sieve.ingest.formats.wire;

import dev.sieve.ingest.decode.FieldSyntax;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.ingest.decode.DecodeLimits;
import dev.sieve.ingest.decode.RejectionCode;
import java.util.Iterator;
import java.util.Map;

/**
 * The native decoder's bounds on {@code properties}, applied to a tree built from a foreign
 * format: nesting depth (the object itself is depth 1), characters per string and key,
 * storable text, finite numbers. Messages name {@code properties} only, never a key or value.
 */
public final class PropertyBounds {
    private static final String FIELD = "properties";

    private final int maxDepth;
    private final int maxStringLength;

    public PropertyBounds(DecodeLimits limits) {
        this.maxDepth = limits.maxDepth();
        this.maxStringLength = limits.maxStringLength();
    }

    public void check(ObjectNode properties) throws WireRejected {
        container(properties, 1);
    }

    private void container(JsonNode node, int depth) throws WireRejected {
        if (depth > maxDepth) {
            throw new WireRejected(RejectionCode.TOO_DEEP, "field 'properties' is nested deeper than " + maxDepth);
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                text(field.getKey());
                value(field.getValue(), depth);
            }
        } else {
            for (JsonNode element : node) {
                value(element, depth);
            }
        }
    }

    private void value(JsonNode value, int depth) throws WireRejected {
        if (value.isContainerNode()) {
            container(value, depth + 1);
        } else if (value.isTextual()) {
            text(value.textValue());
        } else if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            throw new WireRejected(RejectionCode.BAD_NUMBER, "field 'properties' holds a number out of range");
        }
    }

    private void text(String text) throws WireRejected {
        if (text.length() > maxStringLength) {
            throw WireRejected.tooLong(FIELD, maxStringLength);
        }
        if (!FieldSyntax.isStorable(text)) {
            throw WireRejected.badText(FIELD);
        }
    }
}
