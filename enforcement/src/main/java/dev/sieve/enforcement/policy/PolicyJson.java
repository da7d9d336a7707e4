package dev.sieve.enforcement.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.LegalBasis;
import dev.sieve.enforcement.consent.Purpose;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes policy documents:
 * <pre>{@code
 * {"purposes": {"analytics": {"legalBasis": "consent", "dropEventWithoutConsent": false}, ...},
 *  "fields":   {"ip": {"withConsent": "truncate", "withoutConsent": "drop"}, ...},
 *  "ipv4Prefix": 24, "ipv6Prefix": 48}
 * }</pre>
 * The version is not part of the document: the store assigns it.
 */
public final class PolicyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyJson() {
    }

    public static ObjectNode toJson(Policy policy) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode purposes = root.putObject("purposes");
        policy.purposes().forEach((p, rule) -> purposes.putObject(p.wireName())
                .put("legalBasis", rule.legalBasis().wireName())
                .put("dropEventWithoutConsent", rule.dropEventWithoutConsent()));
        ObjectNode fields = root.putObject("fields");
        policy.fields().forEach((f, rule) -> fields.putObject(f.path())
                .put("withConsent", rule.withConsent().wireName())
                .put("withoutConsent", rule.withoutConsent().wireName()));
        root.put("ipv4Prefix", policy.ipv4Prefix());
        root.put("ipv6Prefix", policy.ipv6Prefix());
        return root;
    }

    public static String toText(Policy policy) {
        return toJson(policy).toString();
    }

    /**
     * Parses and validates a document.
     *
     * @throws InvalidPolicyException naming every problem as "path: reason"
     */
    public static Policy fromText(String text, long version) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(List.of("$: not valid JSON"));
        }
        return fromJson(root, version);
    }

    public static Policy fromJson(JsonNode root, long version) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException(List.of("$: must be an object"));
        }
        checkKeys(root, problems, "", List.of("purposes", "fields", "ipv4Prefix", "ipv6Prefix"));
        Map<Purpose, PurposeRule> purposes = new EnumMap<>(Purpose.class);
        forEachObject(root, "purposes", problems, (name, node) -> {
            String path = "purposes." + name;
            Purpose purpose = Purpose.fromWire(name).orElse(null);
            if (purpose == null) {
                problems.add(path + ": unknown purpose");
                return;
            }
            checkKeys(node, problems, path + ".", List.of("legalBasis", "dropEventWithoutConsent"));
            LegalBasis basis = LegalBasis.fromWire(node.path("legalBasis").asText("")).orElse(null);
            if (basis == null) {
                problems.add(path + ".legalBasis: must be one of consent, contract, legitimate_interests, "
                        + "legal_obligation, vital_interests");
                return;
            }
            JsonNode drop = node.path("dropEventWithoutConsent");
            if (!drop.isMissingNode() && !drop.isBoolean()) {
                problems.add(path + ".dropEventWithoutConsent: must be true or false");
                return;
            }
            purposes.put(purpose, new PurposeRule(basis, drop.asBoolean(false)));
        });
        Map<Field, FieldRule> fields = new EnumMap<>(Field.class);
        forEachObject(root, "fields", problems, (name, node) -> {
            String path = "fields." + name;
            Field field = Field.fromPath(name).orElse(null);
            if (field == null) {
                problems.add(path + ": unknown field");
                return;
            }
            checkKeys(node, problems, path + ".", List.of("withConsent", "withoutConsent"));
            Action with = action(node, "withConsent", path, problems);
            Action without = action(node, "withoutConsent", path, problems);
            if (with != null && without != null) {
                fields.put(field, new FieldRule(with, without));
            }
        });
        int v4 = prefix(root, "ipv4Prefix", 24, problems);
        int v6 = prefix(root, "ipv6Prefix", 48, problems);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return Policy.create(version, purposes, fields, v4, v6);
    }

    private interface EntryVisitor {
        void visit(String name, JsonNode node);
    }

    private static void forEachObject(JsonNode root, String key, List<String> problems, EntryVisitor visitor) {
        JsonNode section = root.get(key);
        if (section == null || !section.isObject()) {
            problems.add(key + ": must be an object");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                problems.add(key + "." + e.getKey() + ": must be an object");
            } else {
                visitor.visit(e.getKey(), e.getValue());
            }
        }
    }

    private static void checkKeys(JsonNode node, List<String> problems, String prefix, List<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                problems.add(prefix + name + ": unknown key");
            }
        });
    }

    private static Action action(JsonNode node, String key, String path, List<String> problems) {
        Action action = Action.fromWire(node.path(key).asText("")).orElse(null);
        if (action == null) {
            problems.add(path + "." + key + ": must be one of keep, drop, truncate, pseudonymize, generalize");
        }
        return action;
    }

    private static int prefix(JsonNode root, String key, int fallback, List<String> problems) {
        JsonNode node = root.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isInt()) {
            problems.add(key + ": must be an integer");
            return fallback;
        }
        return node.intValue();
    }
}
