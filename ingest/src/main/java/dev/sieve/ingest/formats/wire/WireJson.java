package dev.sieve.ingest.formats.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.decode.DecodeLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a foreign format's JSON body into trees while measuring each event as sent, so the
 * native limits (bytes per event, events per request) hold for every format. Jackson's own
 * messages quote the input, so they are never shown: only byte offsets and limits.
 * Duplicate keys fail the request: no SDK sends them, and "last one wins" could hide a withdrawal.
 * Thread-safe.
 */
public final class WireJson {
    private static final int MAX_NESTING = 64;

    private final DecodeLimits limits;
    private final ObjectMapper mapper;

    public WireJson(DecodeLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /**
     * The events of a body that is an array of events, an object holding them in
     * {@code arrayField} beside request-level fields (the envelope), or a single event object.
     *
     * @param arrayField the envelope's event array (e.g. {@code batch}), or null when the body is
     *                   always one event
     * @throws SieveException 400 for broken JSON, 413 for an event or request over the limits
     */
    public WireBody read(byte[] body, String arrayField) {
        try (JsonParser p = mapper.createParser(body)) {
            JsonToken first = p.nextToken();
            WireBody result;
            if (first == JsonToken.START_ARRAY) {
                result = new WireBody(mapper.createObjectNode(), items(p), WireBody.Shape.ARRAY);
            } else if (first == JsonToken.START_OBJECT) {
                result = object(p, arrayField, body.length);
            } else {
                throw malformed("the top level must be an object or an array", p.currentTokenLocation().getByteOffset());
            }
            if (p.nextToken() != null) {
                throw malformed("unexpected content after the top-level value", p.currentTokenLocation().getByteOffset());
            }
            return result;
        } catch (StreamConstraintsException e) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "the body is nested deeper than " + MAX_NESTING
                    + " levels or holds a number too long to read");
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON", e.getLocation() == null ? -1 : e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw new SieveException(ErrorCode.INTERNAL, "could not read the body");
        }
    }

    /** One JSON value embedded in a field (a Snowplow {@code ue_pr}, a base64-decoded {@code cx}); null if broken. */
    public JsonNode embedded(byte[] json) {
        try (JsonParser p = mapper.createParser(json)) {
            JsonNode node = mapper.readTree(p);
            return p.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private WireBody object(JsonParser p, String arrayField, int bodyBytes) throws IOException {
        ObjectNode envelope = mapper.createObjectNode();
        List<WireBody.Item> items = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (name.equals(arrayField) && value == JsonToken.START_ARRAY) {
                items = items(p);
            } else {
                envelope.set(name, mapper.readTree(p));
            }
        }
        if (items != null) {
            return new WireBody(envelope, items, WireBody.Shape.ENVELOPE);
        }
        checkEventSize(0, bodyBytes);
        nextIndex(0);
        return new WireBody(mapper.createObjectNode(), List.of(new WireBody.Item(envelope)), WireBody.Shape.SINGLE);
    }

    private List<WireBody.Item> items(JsonParser p) throws IOException {
        List<WireBody.Item> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw malformed("the array is not closed", p.currentLocation().getByteOffset());
            }
            int index = items.size();
            nextIndex(index);
            long start = p.currentTokenLocation().getByteOffset();
            JsonNode node = mapper.readTree(p);
            checkEventSize(index, p.currentLocation().getByteOffset() - start);
            items.add(new WireBody.Item(node));
        }
        return items;
    }

    private void nextIndex(int index) {
        if (index >= limits.maxEventsPerBatch()) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "more than " + limits.maxEventsPerBatch() + " events in one request");
        }
    }

    private void checkEventSize(int index, long bytes) {
        if (bytes > limits.maxEventBytes()) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "event " + index + " is larger than " + limits.maxEventBytes() + " bytes");
        }
    }

    private static SieveException malformed(String problem, long offset) {
        return new SieveException(ErrorCode.MALFORMED_JSON,
                offset < 0 ? problem : problem + " (at byte offset " + offset + ")");
    }
}
