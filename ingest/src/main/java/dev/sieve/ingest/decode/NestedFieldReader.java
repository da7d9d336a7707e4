package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.Device;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/** Reads the two allow-listed nested objects of an event: {@code device} and {@code consent}. */
final class NestedFieldReader {
    private NestedFieldReader() {
    }

    /** {@code {"id", "model", "manufacturer", "os", "osVersion"}}, all strings; null when JSON null. */
    static Device device(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw EventRejected.badType(field, "an object");
        }
        String[] values = new String[5];
        String name;
        while ((name = p.nextFieldName()) != null) {
            int slot = deviceSlot(name);
            if (slot < 0) {
                throw EventRejected.unknownField(field + "." + name);
            }
            String path = field + "." + name;
            String value = FieldValues.string(p, p.nextToken(), path, EventReader.MAX_IDENTIFIER_CHARS);
            if (values[slot] != null) {
                throw EventRejected.duplicateField(path);
            }
            values[slot] = value;
        }
        return new Device(values[0], values[1], values[2], values[3], values[4]);
    }

    private static int deviceSlot(String name) {
        switch (name) {
            case "id": return 0;
            case "model": return 1;
            case "manufacturer": return 2;
            case "os": return 3;
            case "osVersion": return 4;
            default: return -1;
        }
    }

    /**
     * Purpose name to true/false; null when JSON null. The flags can only narrow what the consent
     * registry grants (the Enforcer applies that rule), so no purpose is implied by its absence.
     */
    static Map<Purpose, Boolean> consent(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw EventRejected.badType(field, "an object");
        }
        Map<Purpose, Boolean> flags = new EnumMap<>(Purpose.class);
        String name;
        while ((name = p.nextFieldName()) != null) {
            Purpose purpose = FieldValues.PURPOSES.get(name);
            if (purpose == null) {
                throw EventRejected.of(RejectionCode.BAD_PURPOSE,
                        "field 'consent' names unknown purpose '" + EventRejected.printable(name) + "'");
            }
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                throw EventRejected.badType(field + "." + name, "true or false");
            }
            if (flags.put(purpose, value == JsonToken.VALUE_TRUE) != null) {
                throw EventRejected.duplicateField(field + "." + name);
            }
        }
        return flags;
    }
}
