package dev.sieve.enforcement.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules that differ between two policies, as leaf paths of their resolved documents
 * ({@code fields.ip.withConsent: truncate -> drop}). Category rules appear as the fields they
 * resolve to, so a diff says exactly which decisions change.
 */
public final class PolicyDiff {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One changed rule; {@code from} or {@code to} is null when the rule exists on one side only. */
    public record Change(String path, String from, String to) {
    }

    private PolicyDiff() {
    }

    public static List<Change> between(Policy from, Policy to) {
        Map<String, String> a = leaves(from);
        Map<String, String> b = leaves(to);
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<Change> changes = new ArrayList<>();
        for (String path : paths) {
            String x = a.get(path);
            String y = b.get(path);
            if (x == null ? y != null : !x.equals(y)) {
                changes.add(new Change(path, x, y));
            }
        }
        return changes;
    }

    /** The changes as a JSON array of {path, from, to}, for the audit log and the API. */
    public static ArrayNode toJson(List<Change> changes) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Change c : changes) {
            out.addObject().put("path", c.path()).put("from", c.from()).put("to", c.to());
        }
        return out;
    }

    private static Map<String, String> leaves(Policy policy) {
        Map<String, String> out = new TreeMap<>();
        flatten("", PolicyJson.toJson(policy), out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(v -> items.add(v.asText()));
            out.put(prefix, String.join(",", items));
        } else {
            out.put(prefix, node.asText());
        }
    }
}
