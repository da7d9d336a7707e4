package dev.sieve.loadtest.limits;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The enforced rows in COPY text format, one line per template with the event id left out: a
 * line is the id's text, then {@link #rest(int)}. Columns are the {@code events} columns that
 * {@link EnforcedEvent} has (camelCase to snake_case), event_id first.
 */
final class CopyRows {
    private final List<String> columns = new ArrayList<>();
    private final List<byte[]> rests = new ArrayList<>();

    CopyRows(List<EnforcedEvent> rows, Set<String> tableColumns) {
        RecordComponent[] components = EnforcedEvent.class.getRecordComponents();
        List<RecordComponent> used = new ArrayList<>();
        for (RecordComponent c : components) {
            String column = snake(c.getName());
            if (c.getName().equals("eventId")) {
                continue;
            }
            if (tableColumns.contains(column)) {
                used.add(c);
                columns.add(column);
            }
        }
        columns.add(0, "event_id");
        for (EnforcedEvent row : rows) {
            StringBuilder line = new StringBuilder(1024);
            for (RecordComponent c : used) {
                line.append('\t').append(text(value(c, row)));
            }
            line.append('\n');
            rests.add(line.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code COPY events (event_id, ...) FROM STDIN}. */
    String copySql() {
        return "COPY events (" + String.join(", ", columns) + ") FROM STDIN";
    }

    List<String> columns() {
        return List.copyOf(columns);
    }

    int size() {
        return rests.size();
    }

    byte[] rest(int template) {
        return rests.get(template);
    }

    private static Object value(RecordComponent c, EnforcedEvent row) {
        try {
            return c.getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "\\N";
        }
        String s;
        if (value instanceof Purpose p) {
            s = p.wireName();
        } else if (value instanceof Enum<?> e) {
            s = e.name().toLowerCase(Locale.ROOT);
        } else if (value instanceof Boolean b) {
            s = b ? "t" : "f";
        } else {
            s = value.toString(); // Instant in ISO-8601, JsonNode as JSON text, numbers
        }
        return escape(s);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                out.append('_').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
