package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One retention rule of the privacy team: a scope (a purpose and/or an event type; neither: every
 * event) and when rows in it are deleted: {@code maxAgeDays} after they were received, and/or
 * {@code afterAccountClosedDays} after the user's account closed. Each rule deletes on its own, so
 * the strictest rule that covers a row wins.
 *
 * @param purpose   null: any purpose
 * @param eventType null: any event type
 */
public record RetentionRule(String name, Purpose purpose, String eventType, Integer maxAgeDays,
                            Integer afterAccountClosedDays) {
    /** Longest period accepted: 100 years. */
    public static final int MAX_DAYS = 36_500;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.:$-]{1,100}");
    private static final Set<String> FIELDS = Set.of("name", "purpose", "eventType", "maxAgeDays",
            "afterAccountClosedDays");

    /** The scope as a stable text, e.g. {@code diagnostics|crash} or {@code *|*}: the key of what was done. */
    public String scope() {
        return (purpose == null ? "*" : purpose.wireName()) + "|" + (eventType == null ? "*" : eventType);
    }

    /** Whether the rule covers every event: with {@code maxAgeDays}, whole days can be dropped. */
    public boolean coversEverything() {
        return purpose == null && eventType == null;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", name)
                .put("purpose", purpose == null ? null : purpose.wireName()).put("eventType", eventType);
        return json.put("maxAgeDays", maxAgeDays).put("afterAccountClosedDays", afterAccountClosedDays);
    }

    /**
     * Reads a rule; problems (prefixed with {@code path}) go to {@code problems} and the answer is
     * null then. Names only the document's own keys and limits in problems, never values.
     */
    public static RetentionRule fromJson(JsonNode json, String path, List<String> problems) {
        if (json == null || !json.isObject()) {
            problems.add(path + ": must be an object");
            return null;
        }
        int before = problems.size();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                problems.add(path + ": unknown field; known: " + FIELDS.stream().sorted().toList());
                break;
            }
        }
        String name = json.path("name").isTextual() ? json.get("name").textValue() : null;
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(path + ".name: 1-64 of [a-z0-9-], starting with a letter or digit");
        }
        Purpose purpose = null;
        if (json.hasNonNull("purpose")) {
            purpose = Purpose.fromWire(json.get("purpose").asText()).orElse(null);
            if (purpose == null || !json.get("purpose").isTextual()) {
                problems.add(path + ".purpose: one of analytics, diagnostics, security, marketing");
            }
        }
        String eventType = json.hasNonNull("eventType") ? json.get("eventType").asText() : null;
        if (eventType != null && (!json.get("eventType").isTextual() || !EVENT_TYPE.matcher(eventType).matches())) {
            problems.add(path + ".eventType: 1-100 of [A-Za-z0-9_.:$-]");
        }
        Integer maxAge = days(json, "maxAgeDays", 1, path, problems);
        Integer afterClosed = days(json, "afterAccountClosedDays", 0, path, problems);
        if (maxAge == null && afterClosed == null && problems.size() == before) {
            problems.add(path + ": set maxAgeDays, afterAccountClosedDays or both");
        }
        return problems.size() > before ? null : new RetentionRule(name, purpose, eventType, maxAge, afterClosed);
    }

    /** Problems of a whole rule set: repeated names or scopes. */
    public static List<String> conflicts(List<RetentionRule> rules) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> scopes = new HashSet<>();
        for (RetentionRule rule : rules) {
            if (!names.add(rule.name())) {
                problems.add("rules: the name '" + rule.name() + "' is used twice");
            }
            if (!scopes.add(rule.scope())) {
                problems.add("rules: two rules have the scope " + rule.scope() + "; merge them");
            }
        }
        return problems;
    }

    private static Integer days(JsonNode json, String field, int min, String path, List<String> problems) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min
                || value.intValue() > MAX_DAYS) {
            problems.add(path + "." + field + ": an integer from " + min + " to " + MAX_DAYS);
            return null;
        }
        return value.intValue();
    }
}
