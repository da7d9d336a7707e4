package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonFactory;
import dev.sieve.enforcement.event.EventProperties;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the {@code properties} object from the token stream, checking depth, string length,
 * repeated keys and storability as it goes, so an event is read once and never re-walked.
 * Messages name the field {@code properties} only: keys inside it are the client's own.
 *
 * <p>{@link #readText} is the common path: it checks the same things without building a tree
 * and keeps the object's JSON text as received, which storage writes to the {@code jsonb}
 * column as it is. It builds the tree ({@link #read}) only when the text would not mean exactly
 * what the tree means: a number that a double does not print back the same (such as {@code 1e3},
 * {@code 1.50} or more digits than a double holds), or {@code -0}.
 */
final class PropertiesReader {
    private static final String FIELD = "properties";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final JsonFactory json;
    private final int maxDepth;
    private final int maxStringLength;

    PropertiesReader(DecodeLimits limits, JsonFactory json) {
        this.json = json;
        this.maxDepth = limits.maxDepth();
        this.maxStringLength = limits.maxStringLength();
    }

    /**
     * Reads the object at the parser's {@code START_OBJECT} like {@link #read}, leaving it on the
     * matching end, and returns it as the JSON text of {@code source} when that text means
     * exactly the tree {@link #read} would build; else as that tree.
     *
     * @param source the bytes the parser reads
     * @param base   where in {@code source} the parser started (its byte offsets count from there)
     */
    EventProperties readText(JsonParser p, byte[] source, int base) throws IOException, EventRejected {
        long start = p.currentTokenLocation().getByteOffset();
        if (start < 0) {
            return EventProperties.of(read(p)); // not a byte parser (UTF-16/32 body): no offsets
        }
        boolean faithful = skimObject(p, 1);
        long end = p.currentLocation().getByteOffset();
        int from = base + (int) start;
        int length = (int) (end - start);
        if (length < 2 || source[from] != '{' || source[from + length - 1] != '}') {
            throw new IllegalStateException("properties offsets do not frame an object");
        }
        if (faithful) {
            // A copy of just these bytes: a slice would keep the whole body (rejected events, an
            // inflated gzip body) alive for as long as the event waits for its commit.
            return EventProperties.ofJsonUtf8(Arrays.copyOfRange(source, from, from + length), 0, length);
        }
        try (JsonParser again = json.createParser(source, from, length)) {
            again.nextToken();
            return EventProperties.of(read(again));
        }
    }

    /** Reads the object at the parser's {@code START_OBJECT}, leaving it on the matching end. */
    ObjectNode read(JsonParser p) throws IOException, EventRejected {
        return object(p, 1);
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

    /** Checks an object without building it; false when its text would not mean exactly the tree. */
    private boolean skimObject(JsonParser p, int depth) throws IOException, EventRejected {
        checkDepth(depth);
        boolean faithful = true;
        Keys keys = new Keys();
        String key;
        while ((key = p.nextFieldName()) != null) {
            checkText(key);
            if (!keys.add(key)) {
                throw EventRejected.of(RejectionCode.DUPLICATE_FIELD, "field 'properties' repeats a key");
            }
            faithful &= skimValue(p, p.nextToken(), depth);
        }
        return faithful;
    }

    private boolean skimArray(JsonParser p, int depth) throws IOException, EventRejected {
        checkDepth(depth);
        boolean faithful = true;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            faithful &= skimValue(p, token, depth);
        }
        return faithful;
    }

    private boolean skimValue(JsonParser p, JsonToken token, int depth) throws IOException, EventRejected {
        switch (token) {
            case VALUE_STRING:
                if (p.getTextLength() > maxStringLength) {
                    throw EventRejected.tooLong(FIELD, maxStringLength);
                }
                if (!FieldSyntax.isStorable(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())) {
                    throw EventRejected.badText(FIELD);
                }
                return true;
            case VALUE_NUMBER_INT:
                // Every JSON integer prints back as it was written, except -0 (a tree holds 0).
                return !(p.getTextLength() == 2 && p.getTextCharacters()[p.getTextOffset()] == '-'
                        && p.getTextCharacters()[p.getTextOffset() + 1] == '0');
            case VALUE_NUMBER_FLOAT:
                double value = p.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw EventRejected.of(RejectionCode.BAD_NUMBER, "field 'properties' holds a number out of range");
                }
                // The tree holds a double and prints it with Double.toString.
                return Double.toString(value).equals(p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NULL:
                return true;
            case START_OBJECT:
                return skimObject(p, depth + 1);
            case START_ARRAY:
                return skimArray(p, depth + 1);
            default:
                throw new IllegalStateException("unexpected token " + token);
        }
    }

    /** The keys of one object so far: a short array, a hash set past a handful. */
    private static final class Keys {
        private static final int SMALL = 12;
        private final String[] small = new String[SMALL];
        private int size;
        private Set<String> large;

        boolean add(String key) {
            if (large != null) {
                return large.add(key);
            }
            for (int i = 0; i < size; i++) {
                if (small[i].equals(key)) {
                    return false;
                }
            }
            if (size < SMALL) {
                small[size++] = key;
                return true;
            }
            large = new HashSet<>(Set.of(small));
            return large.add(key);
        }
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
