package dev.sieve.enforcement.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One decoded, validated, allow-listed event before enforcement. Holds raw personal data, so it
 * never leaves the process: only its {@link dev.sieve.enforcement.EnforcedEvent} does.
 *
 * @param id              client-supplied or generated event id (dedupe key)
 * @param type            event name, e.g. {@code page_view}
 * @param userId          account identifier, may be null when {@code anonymousId} is set
 * @param anonymousId     device/browser-scoped identifier, may be null when {@code userId} is set
 * @param timestamp       when the event happened (client clock; defaults to {@code receivedAt})
 * @param receivedAt      when the server received it
 * @param purpose         why it is processed
 * @param ip              the client IP as a literal, or null
 * @param userAgent       raw user agent, or null
 * @param device          device fields, never null ({@link Device#NONE})
 * @param properties      remaining allowed properties, never null (a tree, or the JSON text as received)
 * @param consentOnEvent  consent flags carried on the event; they can only narrow the registry
 */
public record Event(
        UUID id,
        String type,
        String userId,
        String anonymousId,
        Instant timestamp,
        Instant receivedAt,
        Purpose purpose,
        String ip,
        String userAgent,
        Device device,
        EventProperties properties,
        Map<Purpose, Boolean> consentOnEvent) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(properties, "properties");
        consentOnEvent = Map.copyOf(consentOnEvent);
        if (userId == null && anonymousId == null) {
            throw new IllegalArgumentException("an event needs userId or anonymousId");
        }
    }

    /** An event whose properties are a tree (other decoders, tests). */
    public Event(UUID id, String type, String userId, String anonymousId, Instant timestamp, Instant receivedAt,
            Purpose purpose, String ip, String userAgent, Device device, ObjectNode properties,
            Map<Purpose, Boolean> consentOnEvent) {
        this(id, type, userId, anonymousId, timestamp, receivedAt, purpose, ip, userAgent, device,
                properties == null ? null : EventProperties.of(properties), consentOnEvent);
    }

    /** The identifier consent is recorded under: the user id, else the anonymous id. */
    public String subjectId() {
        return userId != null ? userId : anonymousId;
    }

    @Override
    public String toString() {
        // Personal data stays out of logs: only non-identifying fields.
        return "Event[id=" + id + ", type=" + type + ", purpose=" + purpose.wireName() + "]";
    }
}
