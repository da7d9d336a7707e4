package dev.sieve.enforcement;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PolicyJson;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One line of {@code golden/enforcement.jsonl}, read strictly: an unknown or duplicated key
 * anywhere fails the case, so a typo in the file cannot silently turn a rule off.
 *
 * <p>Line format: {@code name}; {@code policy} ({@code "default"}, {@code "failClosed"} or a
 * PolicyJson document);
 * optional {@code policyVersion} (default 1); {@code consent} (registry record of the event's
 * subject: {@code version} plus {@code "<purpose>": "granted" | "denied" | "unknown"}; version 0
 * and no purposes is "never heard of"); {@code event} (native wire format plus
 * {@code receivedAt}); {@code expected} ({@code {"dropped": "<reason>"}} or every
 * {@link EnforcedEvent} component by name, nulls explicit).
 */
record GoldenCase(String name, Event event, UserConsent consent, Policy policy, JsonNode expected) {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> CASE_KEYS =
            Set.of("name", "policy", "policyVersion", "consent", "event", "expected");
    private static final Set<String> EVENT_KEYS = Set.of("id", "type", "userId", "anonymousId", "timestamp",
            "receivedAt", "purpose", "ip", "userAgent", "device", "properties", "consent");
    private static final Set<String> DEVICE_KEYS = Set.of("id", "model", "manufacturer", "os", "osVersion");

    static GoldenCase parse(String line) throws Exception {
        JsonNode root = MAPPER.readTree(line);
        requireKeys(root, CASE_KEYS, "case");
        Event event = event(root.get("event"));
        return new GoldenCase(
                requiredText(root, "name"),
                event,
                consent(root.get("consent"), event.subjectId()),
                policy(root.get("policy"), root.get("policyVersion")),
                require(root, "expected"));
    }

    private static Policy policy(JsonNode policy, JsonNode versionNode) {
        long version = versionNode == null ? 1 : versionNode.longValue();
        if (policy != null && policy.isTextual() && policy.textValue().equals("default")) {
            return versionNode == null ? DefaultPolicy.create() : DefaultPolicy.create().withVersion(version);
        }
        if (policy != null && policy.isTextual() && policy.textValue().equals("failClosed")) {
            return Policy.failClosed();
        }
        if (policy != null && policy.isObject()) {
            return PolicyJson.fromJson(policy, version);
        }
        throw new IllegalArgumentException("policy: must be \"default\", \"failClosed\" or a policy document");
    }

    private static UserConsent consent(JsonNode node, String subjectId) {
        if (node == null || !node.isObject() || !node.path("version").canConvertToLong()) {
            throw new IllegalArgumentException("consent: must be an object with a version");
        }
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        node.properties().forEach(e -> {
            if (!e.getKey().equals("version")) {
                Purpose purpose = purpose(e.getKey(), "consent");
                String state = e.getValue().asText();
                if (!Set.of("granted", "denied", "unknown").contains(state)) {
                    throw new IllegalArgumentException("consent." + e.getKey() + ": granted, denied or unknown");
                }
                states.put(purpose, ConsentState.valueOf(state.toUpperCase(Locale.ROOT)));
            }
        });
        return new UserConsent(subjectId, states, node.get("version").longValue());
    }

    private static Event event(JsonNode node) {
        requireKeys(node, EVENT_KEYS, "event");
        JsonNode properties = node.get("properties");
        return new Event(
                UUID.fromString(requiredText(node, "id")),
                requiredText(node, "type"),
                text(node, "userId"),
                text(node, "anonymousId"),
                Instant.parse(requiredText(node, "timestamp")),
                Instant.parse(requiredText(node, "receivedAt")),
                purpose(requiredText(node, "purpose"), "event.purpose"),
                text(node, "ip"),
                text(node, "userAgent"),
                device(node.get("device")),
                properties == null ? MAPPER.createObjectNode() : (ObjectNode) properties.deepCopy(),
                flags(node.get("consent")));
    }

    private static Device device(JsonNode node) {
        if (node == null) {
            return Device.NONE;
        }
        requireKeys(node, DEVICE_KEYS, "event.device");
        return new Device(text(node, "id"), text(node, "model"), text(node, "manufacturer"),
                text(node, "os"), text(node, "osVersion"));
    }

    private static Map<Purpose, Boolean> flags(JsonNode node) {
        Map<Purpose, Boolean> flags = new EnumMap<>(Purpose.class);
        if (node != null) {
            node.properties().forEach(e -> {
                if (!e.getValue().isBoolean()) {
                    throw new IllegalArgumentException("event.consent." + e.getKey() + ": must be true or false");
                }
                flags.put(purpose(e.getKey(), "event.consent"), e.getValue().booleanValue());
            });
        }
        return flags;
    }

    private static Purpose purpose(String name, String where) {
        return Purpose.fromWire(name)
                .orElseThrow(() -> new IllegalArgumentException(where + ": unknown purpose " + name));
    }

    private static void requireKeys(JsonNode node, Set<String> allowed, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + "." + key + ": unknown key");
            }
        });
    }

    private static JsonNode require(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String key) {
        JsonNode value = require(node, key);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + ": must be a string");
        }
        return value.textValue();
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + ": must be a string");
        }
        return value.textValue();
    }
}
