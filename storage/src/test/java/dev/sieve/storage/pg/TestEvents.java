package dev.sieve.storage.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Enforced events for writer tests: every column filled, received now. */
final class TestEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestEvents() {
    }

    static EnforcedEvent full(UUID id) {
        ObjectNode properties = MAPPER.createObjectNode().put("path", "/pricing").put("search", "plans");
        properties.putObject("nested").put("depth", 2);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new EnforcedEvent(id, now, now.minusSeconds(5), "page_view", Purpose.ANALYTICS,
                "k1:user-key", "k1:anon-key", "203.0.113.0", "k1:ip-key", "k1:device-key",
                "Pixel 8", "phone", "Google", "Android", "15", "Mozilla/5.0 (X11; Linux x86_64)",
                "Chrome", "120", "Linux", EventProperties.of(properties), 3, 7, true);
    }

    /** Only the required fields; every optional one null. */
    static EnforcedEvent minimal(UUID id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new EnforcedEvent(id, now, now, "error", Purpose.DIAGNOSTICS, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, 1, 0, false);
    }

    static List<EnforcedEvent> many(int count) {
        List<EnforcedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(full(UUID.randomUUID()));
        }
        return events;
    }
}
