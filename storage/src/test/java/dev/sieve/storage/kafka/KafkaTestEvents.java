package dev.sieve.storage.kafka;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Enforced events for the Kafka tests: every column filled, received now. */
final class KafkaTestEvents {
    private KafkaTestEvents() {
    }

    static EnforcedEvent full(UUID id, String userKey) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode().put("path", "/pricing").put("n", 7);
        properties.putObject("nested").put("depth", 2);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new EnforcedEvent(id, now, now.minusSeconds(5), "page_view", Purpose.ANALYTICS,
                userKey, "k1:anon-key", "203.0.113.0", "k1:ip-key", "k1:device-key",
                "Pixel 8", "phone", "Google", "Android", "15", "Mozilla/5.0 (X11; Linux x86_64)",
                "Chrome", "120", "Linux", EventProperties.of(properties), 3, 7, true);
    }

    static EnforcedEvent minimal(UUID id) {
        Instant now = Instant.now();
        return new EnforcedEvent(id, now, now, "error", Purpose.DIAGNOSTICS, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, 1, 0, false);
    }

    /** {@code count} events spread over {@code users} user keys. */
    static List<EnforcedEvent> many(int count, int users) {
        List<EnforcedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(full(UUID.randomUUID(), "k1:user-" + (i % users)));
        }
        return events;
    }
}
