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
 *  "categories": {"device": {"withConsent": "keep", "withoutConsent": "drop"}},
 *  "fields":   {"ip": {"withConsent": "truncate", "withoutConsent": "drop"}, ...},
 *  "properties": {"search": {"withConsent": "keep", "withoutConsent": "drop"}},
 *  "switches": {"dropCategories": ["ip"], "dropPurposes": ["marketing"]},
 *  "ipv4Prefix": 24, "ipv6Prefix": 48}
 * }</pre>
 * A category rule applies to every field of the category; a field rule wins over it. Every
 * field must end up with a rule. The version is not part of the document: the store assigns it.
 */
public final class PolicyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        if (!policy.properties().isEmpty()) {
            ObjectNode properties = root.putObject("properties");
            policy.properties().forEach((name, rule) -> properties.putObject(name)
                    .put("withConsent", rule.withConsent().wireName())
                    .put("withoutConsent", rule.withoutConsent().wireName()));
        }
        Switches switches = policy.switches();
        if (!switches.equals(Switches.NONE)) {
            ObjectNode node = root.putObject("switches");
            switches.dropCategories().stream().sorted().forEach(c -> node.withArray("dropCategories").add(c.wireName()));
            switches.dropPurposes().stream().sorted().forEach(p -> node.withArray("dropPurposes").add(p.wireName()));
        }
        if (!Map.copyOf(policy.consentCategories()).equals(Policy.DEFAULT_CONSENT_CATEGORIES)) {
            ObjectNode categories = root.putObject("consentCategories");
            new java.util.TreeMap<>(policy.consentCategories()).forEach((k, v) -> categories.put(k, v.wireName()));
        }
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
            root = MAPPER.readerFor(JsonNode.class).readValue(text);
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
        checkKeys(root, problems, "", List.of("purposes", "categories", "fields", "properties", "switches",
                "consentCategories", "ipv4Prefix", "ipv6Prefix"));
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
            }
            JsonNode drop = node.path("dropEventWithoutConsent");
            boolean dropOk = drop.isMissingNode() || drop.isBoolean();
            if (!dropOk) {
                problems.add(path + ".dropEventWithoutConsent: must be true or false");
            }
            if (basis != null && dropOk) {
                purposes.put(purpose, new PurposeRule(basis, drop.asBoolean(false)));
            }
        });
        Map<Field, FieldRule> fields = new EnumMap<>(Field.class);
        Map<Field, String> origins = new EnumMap<>(Field.class);
        if (root.has("categories")) {
            forEachObject(root, "categories", problems, (name, node) -> {
                String path = "categories." + name;
                FieldCategory category = FieldCategory.fromWire(name).orElse(null);
                if (category == null) {
                    problems.add(path + ": unknown category; known: ip, device, browser, user, activity");
                    return;
                }
                FieldRule rule = rule(node, path, problems);
                for (Field f : Field.values()) {
                    if (rule != null && f.category() == category) {
                        fields.put(f, rule);
                        origins.put(f, path);
                    }
                }
            });
        }
        forEachObject(root, "fields", problems, (name, node) -> {
            String path = "fields." + name;
            Field field = Field.fromPath(name).orElse(null);
            if (field == null) {
                problems.add(path + ": unknown field");
                return;
            }
            FieldRule rule = rule(node, path, problems);
            if (rule != null) {
                fields.put(field, rule);
                origins.put(field, path);
            }
        });
        Map<String, FieldRule> properties = new java.util.LinkedHashMap<>();
        if (root.has("properties")) {
            forEachObject(root, "properties", problems, (name, node) -> {
                FieldRule rule = rule(node, "properties." + name, problems);
                if (rule != null) {
                    properties.put(name, rule);
                }
            });
        }
        Switches switches = switches(root.get("switches"), problems);
        Map<String, Purpose> consentCategories = consentCategories(root.get("consentCategories"), problems);
        int v4 = prefix(root, "ipv4Prefix", 24, problems);
        int v6 = prefix(root, "ipv6Prefix", 48, problems);
        for (String problem : Policy.validate(version, purposes, fields, origins, properties, v4, v6)) {
            if (!alreadyReported(problems, problem)) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        Policy policy = Policy.create(version, purposes, fields, origins, properties, switches, v4, v6);
        return consentCategories == null ? policy : policy.withConsentCategories(consentCategories);
    }

    private static Map<String, Purpose> consentCategories(JsonNode node, List<String> problems) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("consentCategories: must be an object of category name to purpose");
            return null;
        }
        Map<String, Purpose> out = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> Purpose.fromWire(e.getValue().asText("")).ifPresentOrElse(
                p -> out.put(e.getKey(), p),
                () -> problems.add("consentCategories." + e.getKey() + ": must be one of analytics, diagnostics, "
                        + "security, marketing")));
        return out;
    }

    /** A rule the document already reported as malformed shows up again as "missing": say it once. */
    private static boolean alreadyReported(List<String> problems, String problem) {
        String path = problem.substring(0, problem.indexOf(':'));
        return problems.stream().anyMatch(p -> p.startsWith(path + ".") || p.startsWith(path + ":"));
    }

    private static FieldRule rule(JsonNode node, String path, List<String> problems) {
        checkKeys(node, problems, path + ".", List.of("withConsent", "withoutConsent"));
        Action with = action(node, "withConsent", path, problems);
        Action without = action(node, "withoutConsent", path, problems);
        return with != null && without != null ? new FieldRule(with, without) : null;
    }

    private static Switches switches(JsonNode node, List<String> problems) {
        if (node == null) {
            return Switches.NONE;
        }
        if (!node.isObject()) {
            problems.add("switches: must be an object");
            return Switches.NONE;
        }
        checkKeys(node, problems, "switches.", List.of("dropCategories", "dropPurposes"));
        java.util.Set<FieldCategory> categories = new java.util.HashSet<>();
        java.util.Set<Purpose> purposes = new java.util.HashSet<>();
        names(node, "dropCategories", problems).forEach(n -> FieldCategory.fromWire(n).ifPresentOrElse(categories::add,
                () -> problems.add("switches.dropCategories: unknown category '" + n + "'")));
        names(node, "dropPurposes", problems).forEach(n -> Purpose.fromWire(n).ifPresentOrElse(purposes::add,
                () -> problems.add("switches.dropPurposes: unknown purpose '" + n + "'")));
        return new Switches(categories, purposes);
    }

    private static List<String> names(JsonNode node, String key, List<String> problems) {
        JsonNode array = node.get(key);
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!array.isArray()) {
            problems.add("switches." + key + ": must be an array of names");
            return out;
        }
        array.forEach(v -> {
            if (v.isTextual()) {
                out.add(v.asText());
            } else {
                problems.add("switches." + key + ": must be an array of names");
            }
        });
        return out;
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
