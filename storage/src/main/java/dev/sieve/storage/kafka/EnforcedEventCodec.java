package dev.sieve.storage.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * An {@link EnforcedEvent} as a JSON object on the events topic, and back. The record carries
 * only the enforced event's fields (no raw IP, user id or device id exist there to carry) and a
 * schema version {@code "v": 1}; absent fields were dropped by enforcement. Thread-safe.
 *
 * <pre>{@code {"v":1,"eventId":"…","receivedAt":"2026-11-29T12:00:00.123456Z","eventTime":"…",
 *  "eventType":"page_view","purpose":"analytics","userKey":"k1:…", …,"properties":{…},
 *  "policyVersion":3,"consentVersion":7,"consented":true}}</pre>
 */
public final class EnforcedEventCodec {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    /** The record value for {@code event}. */
    public byte[] encode(EnforcedEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", SCHEMA_VERSION);
            json.writeStringField("eventId", event.eventId().toString());
            json.writeStringField("receivedAt", event.receivedAt().toString());
            json.writeStringField("eventTime", event.eventTime().toString());
            json.writeStringField("eventType", event.eventType());
            json.writeStringField("purpose", event.purpose().wireName());
            optional(json, "userKey", event.userKey());
            optional(json, "anonymousKey", event.anonymousKey());
            optional(json, "ipNetwork", event.ipNetwork());
            optional(json, "ipKey", event.ipKey());
            optional(json, "deviceKey", event.deviceKey());
            optional(json, "deviceModel", event.deviceModel());
            optional(json, "deviceClass", event.deviceClass());
            optional(json, "deviceManufacturer", event.deviceManufacturer());
            optional(json, "deviceOs", event.deviceOs());
            optional(json, "deviceOsVersion", event.deviceOsVersion());
            optional(json, "userAgent", event.userAgent());
            optional(json, "browserFamily", event.browserFamily());
            optional(json, "browserMajor", event.browserMajor());
            optional(json, "osFamily", event.osFamily());
            if (event.properties() != null) {
                json.writeFieldName("properties");
                json.writeRawValue(event.properties().json()); // checked JSON: as received, or the tree printed
            }
            json.writeNumberField("policyVersion", event.policyVersion());
            json.writeNumberField("consentVersion", event.consentVersion());
            json.writeBooleanField("consented", event.consented());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an enforced event", e);
        }
        return out.toByteArray();
    }

    /**
     * The event in a record value.
     *
     * @throws UndecodableRecordException when it is not a version-1 enforced event
     */
    public EnforcedEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new UndecodableRecordException("empty record");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (IOException e) {
            // Jackson's message quotes the input: not passed on.
            throw new UndecodableRecordException("malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UndecodableRecordException("not a JSON object");
        }
        JsonNode version = root.get("v");
        if (version == null || !version.canConvertToInt() || version.intValue() != SCHEMA_VERSION) {
            throw new UndecodableRecordException("unsupported schema version (expected " + SCHEMA_VERSION + ")");
        }
        try {
            return new EnforcedEvent(
                    UUID.fromString(required(root, "eventId")),
                    InstantText.parse(required(root, "receivedAt")),
                    InstantText.parse(required(root, "eventTime")),
                    required(root, "eventType"),
                    Purpose.fromWire(required(root, "purpose"))
                            .orElseThrow(() -> new UndecodableRecordException("unknown purpose")),
                    text(root, "userKey"), text(root, "anonymousKey"), text(root, "ipNetwork"), text(root, "ipKey"),
                    text(root, "deviceKey"), text(root, "deviceModel"), text(root, "deviceClass"),
                    text(root, "deviceManufacturer"), text(root, "deviceOs"), text(root, "deviceOsVersion"),
                    text(root, "userAgent"), text(root, "browserFamily"), text(root, "browserMajor"),
                    text(root, "osFamily"),
                    properties(root),
                    number(root, "policyVersion"),
                    number(root, "consentVersion"),
                    bool(root, "consented"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UndecodableRecordException("a field has an invalid value (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static String required(JsonNode root, String name) {
        String value = text(root, name);
        if (value == null) {
            throw new UndecodableRecordException("missing field " + name);
        }
        return value;
    }

    private static String text(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new UndecodableRecordException("field " + name + " is not a string");
        }
        return node.textValue();
    }

    private static EventProperties properties(JsonNode root) {
        JsonNode node = root.get("properties");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new UndecodableRecordException("field properties is not an object");
        }
        return EventProperties.of((ObjectNode) node);
    }

    private static long number(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new UndecodableRecordException("field " + name + " is missing or not an integer");
        }
        return node.longValue();
    }

    private static boolean bool(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isBoolean()) {
            throw new UndecodableRecordException("field " + name + " is missing or not a boolean");
        }
        return node.booleanValue();
    }
}
