package dev.sieve.ingest.formats.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.EventDraft;
import dev.sieve.ingest.formats.wire.WireRejected;
import dev.sieve.ingest.formats.wire.WireValues;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Segment message's {@code context}: the fields Sieve's policy rules on (IP, user
 * agent, device, OS) into the event's own fields, the consent categories into consent, and an
 * allow-listed, non-identifying rest into {@code properties.$context}. Everything else in the
 * context (traits, location, network, advertising and push ids, userAgentData) is not stored.
 */
final class SegmentContext {
    /** Context objects copied into properties, and the keys kept of each. */
    private static final Map<String, String[]> KEPT_OBJECTS = Map.of(
            "page", new String[] {"path", "referrer", "search", "title", "url"},
            "library", new String[] {"name", "version"},
            "app", new String[] {"name", "version", "build", "namespace"},
            "campaign", new String[] {"name", "source", "medium", "term", "content"});
    private static final String[] KEPT_VALUES = {"locale", "timezone"};

    private SegmentContext() {
    }

    /**
     * A batch's top-level context merged under a message's own: the message wins key by key,
     * objects are merged recursively. Neither input is changed.
     */
    static ObjectNode merge(ObjectNode batch, ObjectNode message) {
        if (batch == null) {
            return message;
        }
        ObjectNode merged = batch.deepCopy();
        if (message == null) {
            return merged;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = message.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode mine = merged.get(f.getKey());
            if (mine != null && mine.isObject() && f.getValue().isObject()) {
                merged.set(f.getKey(), merge((ObjectNode) mine, (ObjectNode) f.getValue()));
            } else {
                merged.set(f.getKey(), f.getValue());
            }
        }
        return merged;
    }

    /** IP (else the connection's), user agent and device. */
    static void identifyingFields(ObjectNode context, String connectionIp, EventDraft draft) throws WireRejected {
        String ip = context == null ? null : WireValues.string(context.get("ip"), "context.ip");
        if (ip != null) {
            draft.ip(ip, "context.ip");
        } else {
            draft.connectionIp(connectionIp);
        }
        if (context == null) {
            return;
        }
        draft.userAgent(WireValues.string(context.get("userAgent"), "context.userAgent"), "context.userAgent");
        ObjectNode device = WireValues.object(context.get("device"), "context.device");
        ObjectNode os = WireValues.object(context.get("os"), "context.os");
        if (device != null || os != null) {
            draft.device(
                    device == null ? null : WireValues.text(device.get("id"), "context.device.id"),
                    device == null ? null : WireValues.text(device.get("model"), "context.device.model"),
                    device == null ? null : WireValues.text(device.get("manufacturer"), "context.device.manufacturer"),
                    os == null ? null : WireValues.text(os.get("name"), "context.os.name"),
                    os == null ? null : WireValues.text(os.get("version"), "context.os.version"),
                    "context.device");
        }
    }

    /**
     * {@code context.consent.categoryPreferences}: each category the privacy team maps to a
     * purpose narrows it when not {@code true} (a value that is not a boolean counts as a
     * withdrawal, so a malformed preference never widens); unmapped categories are ignored.
     */
    static void consent(ObjectNode context, ConsentCategories categories, EventDraft draft) {
        if (context == null) {
            return;
        }
        ObjectNode preferences = WireValues.objectOrNull(context.path("consent").get("categoryPreferences"));
        if (preferences == null) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = preferences.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            Optional<Purpose> purpose = categories.purposeOf(f.getKey());
            purpose.ifPresent(p -> draft.consent(p, f.getValue().isBoolean() && f.getValue().booleanValue()));
        }
    }

    /** The non-identifying context worth keeping with the event, or null if there is none. */
    static ObjectNode kept(ObjectNode context) {
        if (context == null) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : KEPT_VALUES) {
            JsonNode v = context.get(key);
            if (v != null && v.isValueNode() && !v.isNull()) {
                out.set(key, v);
            }
        }
        KEPT_OBJECTS.forEach((key, names) -> {
            ObjectNode source = WireValues.objectOrNull(context.get(key));
            if (source == null) {
                return;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode v = source.get(name);
                if (v != null && v.isValueNode() && !v.isNull()) {
                    copy.set(name, v);
                }
            }
            if (!copy.isEmpty()) {
                out.set(key, copy);
            }
        });
        return out.isEmpty() ? null : out;
    }
}
