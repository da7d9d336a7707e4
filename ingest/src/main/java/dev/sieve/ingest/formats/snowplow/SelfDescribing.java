package dev.sieve.ingest.formats.snowplow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.WireBodies;
import dev.sieve.ingest.formats.wire.WireJson;
import dev.sieve.ingest.formats.wire.WireRejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A self-describing JSON ({@code {"schema": "iglu:...", "data": ...}}) carried in a tracker
 * parameter: the event of {@code ue_pr}/{@code ue_px} and the entities of {@code co}/{@code cx},
 * plain ({@code *_pr}, {@code co}) or base64 ({@code *_px}, {@code cx}).
 */
record SelfDescribing(String schema, JsonNode data) {

    /** The self-describing event inside the {@code unstruct_event} wrapper, or null when the event has none. */
    static SelfDescribing event(Map<String, String> params, WireJson json) throws WireRejected {
        JsonNode wrapper = parameter(params, "ue_pr", "ue_px", json);
        if (wrapper == null) {
            return null;
        }
        SelfDescribing inner = of(wrapper.get("data"));
        if (inner == null) {
            throw malformed("ue_pr/ue_px");
        }
        return inner;
    }

    /** The entities (contexts), in order; those that are not self-describing JSON are skipped. */
    static List<SelfDescribing> entities(Map<String, String> params, WireJson json) throws WireRejected {
        JsonNode wrapper = parameter(params, "co", "cx", json);
        List<SelfDescribing> out = new ArrayList<>();
        if (wrapper == null) {
            return out;
        }
        JsonNode data = wrapper.get("data");
        if (data == null || !data.isArray()) {
            throw malformed("co/cx");
        }
        for (JsonNode entity : data) {
            SelfDescribing sd = of(entity);
            if (sd != null) {
                out.add(sd);
            }
        }
        return out;
    }

    private static SelfDescribing of(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("schema").isTextual() || !node.has("data")) {
            return null;
        }
        return new SelfDescribing(node.get("schema").textValue(), node.get("data"));
    }

    private static JsonNode parameter(Map<String, String> params, String plain, String base64, WireJson json)
            throws WireRejected {
        String text = params.get(plain);
        byte[] bytes;
        String field = plain;
        if (text != null && !text.isEmpty()) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            text = params.get(base64);
            if (text == null || text.isEmpty()) {
                return null;
            }
            field = base64;
            bytes = WireBodies.base64(text.getBytes(StandardCharsets.US_ASCII));
            if (bytes == null) {
                throw malformed(field);
            }
        }
        JsonNode node = json.embedded(bytes);
        if (node == null || !node.isObject()) {
            throw malformed(field);
        }
        return node;
    }

    private static WireRejected malformed(String field) {
        return new WireRejected(RejectionCode.MALFORMED_JSON, "field '" + field + "' is not self-describing JSON");
    }
}
