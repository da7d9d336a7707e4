package dev.sieve.ingest.formats.snowplow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.BatchCollector;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.formats.wire.JsonMediaType;
import dev.sieve.ingest.formats.wire.WireBatch;
import dev.sieve.ingest.formats.wire.WireBodies;
import dev.sieve.ingest.formats.wire.WireBody;
import dev.sieve.ingest.formats.wire.WireJson;
import dev.sieve.ingest.formats.wire.WireRejected;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes Snowplow tracker protocol 2 requests: {@code POST /com.snowplowanalytics.snowplow/tp2}
 * with a {@code payload_data} self-describing JSON, and the {@code GET /i} pixel with the same
 * parameters in the query string. The credentials it reports are the events' app ids
 * ({@code aid}): the protocol carries no key. Immutable and thread-safe.
 */
public final class SnowplowDecoder {
    private static final String PAYLOAD_DATA = "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-";

    private final EventRules rules;
    private final WireJson json;
    private final SnowplowEventReader reader;

    public SnowplowDecoder(EventRules rules) {
        this.rules = rules;
        this.json = new WireJson(rules.limits());
        this.reader = new SnowplowEventReader(rules, json);
    }

    /** @throws SieveException 415, 413 or 400 for the request as a whole */
    public WireBatch decodePost(byte[] body, String contentType, String contentEncoding, SnowplowRequest request,
                                ConsentCategories categories) {
        JsonMediaType.check(contentType);
        byte[] plain = WireBodies.plain(body, contentEncoding, rules.limits().maxBodyBytes());
        WireBody payload = json.read(plain, "data");
        String schema = payload.envelope().path("schema").asText("");
        if (payload.shape() != WireBody.Shape.ENVELOPE || !schema.startsWith(PAYLOAD_DATA)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST,
                    "the body must be a payload_data self-describing JSON: {\"schema\": \"" + PAYLOAD_DATA
                            + "4\", \"data\": [...]}");
        }
        BatchCollector out = new BatchCollector();
        for (WireBody.Item item : payload.items()) {
            Map<String, String> params = item.node().isObject() ? parameters(item.node()) : null;
            if (params == null) {
                out.reject(RejectionCode.NOT_AN_OBJECT, "an event must be a JSON object of string parameters");
                continue;
            }
            one(params, request, categories, out);
        }
        return out.finish();
    }

    /**
     * The pixel: one event in the query parameters.
     *
     * @throws SieveException 413 when the parameters are larger than one event may be
     */
    public WireBatch decodeGet(Map<String, String> query, SnowplowRequest request, ConsentCategories categories) {
        long bytes = 0;
        for (Map.Entry<String, String> p : query.entrySet()) {
            bytes += p.getKey().length() + p.getValue().length() + 2;
        }
        if (bytes > rules.limits().maxEventBytes()) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "event 0 is larger than " + rules.limits().maxEventBytes() + " bytes");
        }
        BatchCollector out = new BatchCollector();
        one(query, request, categories, out);
        return out.finish();
    }

    private void one(Map<String, String> params, SnowplowRequest request, ConsentCategories categories,
                     BatchCollector out) {
        out.credential(params.get("aid"));
        try {
            out.accept(reader.read(params, request, categories));
        } catch (WireRejected r) {
            out.reject(r);
        }
    }

    /** Trackers stringify every value; numbers and booleans are read as their text, objects refuse the event. */
    private static Map<String, String> parameters(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isContainerNode()) {
                return null;
            }
            if (!v.isNull()) {
                params.put(f.getKey(), v.asText());
            }
        }
        return params;
    }
}
