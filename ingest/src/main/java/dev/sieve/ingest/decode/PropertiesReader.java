package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Builds the {@code properties} tree straight from the token stream, checking depth, string
 * length and storability as it goes, so an event is read once and never re-walked.
 * Messages name the field {@code properties} only: keys inside it are the client's own.
 */
final class PropertiesReader {
    private static final String FIELD = "properties";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final int maxDepth;
    private final int maxStringLength;

    PropertiesReader(DecodeLimits limits) {
        this.maxDepth = limits.maxDepth();
        this.maxStringLength = limits.maxStringLength();
    }

    /** Reads the object at the parser's {@code START_OBJECT}, leaving it on the matching end. */
    ObjectNode read(JsonParser p) throws IOException, EventRejected {
        return object(p, 1);
    }

    ObjectNode empty() {
        return nodes.objectNode();
    }

    private ObjectNode object(JsonParser p, int depth) throws IOException, EventRejected {
        checkDepth(depth);
        ObjectNode node = nodes.objectNode();
        String key;
        while ((key = p.nextFieldName()) != null) {
            checkText(key);
            if (node.replace(key, value(p, p.nextToken(), depth)) != null) {
                throw EventRejected.of(RejectionCode.DUPLICATE_FIELD, "field 'properties' repeats a key");
            }
        }
        return node;
    }

    private ArrayNode array(JsonParser p, int depth) throws IOException, EventRejected {
        checkDepth(depth);
        ArrayNode node = nodes.arrayNode();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            node.add(value(p, token, depth));
        }
        return node;
    }

    private JsonNode value(JsonParser p, JsonToken token, int depth) throws IOException, EventRejected {
        switch (token) {
            case VALUE_STRING:
                return nodes.textNode(text(p));
            case VALUE_NUMBER_INT:
                return integer(p);
            case VALUE_NUMBER_FLOAT:
                return floating(p);
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            case START_OBJECT:
                return object(p, depth + 1);
            case START_ARRAY:
                return array(p, depth + 1);
            default:
                // A byte-array JSON parser yields no other value token.
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    private JsonNode integer(JsonParser p) throws IOException {
        switch (p.getNumberType()) {
            case INT:
                return nodes.numberNode(p.getIntValue());
            case LONG:
                return nodes.numberNode(p.getLongValue());
            default:
                return nodes.numberNode(p.getBigIntegerValue());
        }
    }

    /** As a double, like Jackson's own trees; 1e999 would become Infinity, which JSON cannot hold. */
    private JsonNode floating(JsonParser p) throws IOException, EventRejected {
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw EventRejected.of(RejectionCode.BAD_NUMBER, "field 'properties' holds a number out of range");
        }
        return nodes.numberNode(value);
    }

    private void checkDepth(int depth) throws EventRejected {
        if (depth > maxDepth) {
            throw EventRejected.of(RejectionCode.TOO_DEEP, "field 'properties' is nested deeper than " + maxDepth);
        }
    }

    /** Checks the length before {@code getText()}, so an oversize string is never copied. */
    private String text(JsonParser p) throws IOException, EventRejected {
        if (p.getTextLength() > maxStringLength) {
            throw EventRejected.tooLong(FIELD, maxStringLength);
        }
        String text = p.getText();
        checkText(text);
        return text;
    }

    private void checkText(String text) throws EventRejected {
        if (text.length() > maxStringLength) {
            throw EventRejected.tooLong(FIELD, maxStringLength);
        }
        if (!FieldSyntax.isStorable(text)) {
            throw EventRejected.badText(FIELD);
        }
    }
}
