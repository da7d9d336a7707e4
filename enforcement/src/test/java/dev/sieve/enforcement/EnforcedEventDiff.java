package dev.sieve.enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares an {@link EnforcedEvent} with its expected row in the golden file, component by
 * component, and names every difference. The expected row must name every component (nulls
 * explicit), so a new component cannot go unreviewed.
 */
final class EnforcedEventDiff {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final RecordComponent[] COMPONENTS = EnforcedEvent.class.getRecordComponents();

    private EnforcedEventDiff() {
    }

    /** One line per problem: a missing or unknown key, or a component whose value differs. */
    static List<String> diff(JsonNode expected, EnforcedEvent actual) {
        List<String> problems = new ArrayList<>(keyProblems(expected));
        for (RecordComponent c : COMPONENTS) {
            if (!expected.has(c.getName())) {
                continue;
            }
            JsonNode want = normalized(c.getType(), expected.get(c.getName()));
            JsonNode got = asJson(value(c, actual));
            if (!want.equals(got)) {
                problems.add(c.getName() + ": expected " + want + " but was " + got);
            }
        }
        return problems;
    }

    private static List<String> keyProblems(JsonNode expected) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(COMPONENTS).forEach(c -> names.add(c.getName()));
        List<String> problems = new ArrayList<>();
        names.stream().filter(n -> !expected.has(n))
                .forEach(n -> problems.add(n + ": missing from expected (write null if it must be null)"));
        expected.fieldNames().forEachRemaining(n -> {
            if (!names.contains(n)) {
                problems.add(n + ": not a component of EnforcedEvent");
            }
        });
        return problems;
    }

    private static Object value(RecordComponent c, EnforcedEvent event) {
        try {
            return c.getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Instants and UUIDs compare by value, so "12:00:00Z" equals "12:00:00.000Z". */
    private static JsonNode normalized(Class<?> type, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            return NullNode.getInstance();
        }
        if (type == Instant.class && expected.isTextual()) {
            return JSON.textNode(Instant.parse(expected.textValue()).toString());
        }
        if (type == UUID.class && expected.isTextual()) {
            return JSON.textNode(UUID.fromString(expected.textValue()).toString());
        }
        if (type == long.class && expected.canConvertToExactIntegral()) {
            return JSON.numberNode(expected.longValue());
        }
        return expected;
    }

    private static JsonNode asJson(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof EventProperties properties) {
            return properties.tree();
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Purpose p) {
            return JSON.textNode(p.wireName());
        }
        return JSON.textNode(value.toString());
    }
}
