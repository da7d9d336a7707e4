package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.event.EventProperties;
import dev.sieve.enforcement.ip.IpLiteral;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads one event object from the token stream into an {@link Event}: allow-listed top-level
 * fields, each validated as it is met, defaults filled in at the end. Stateless apart from its
 * configuration, so one instance serves every request.
 */
final class EventReader {
    static final int MAX_IDENTIFIER_CHARS = 200;
    static final int MAX_USER_AGENT_CHARS = 1024;
    static final Duration MAX_FUTURE = Duration.ofHours(24);

    private final Map<String, Purpose> typePurposes;
    private final Supplier<UUID> ids;
    private final PropertiesReader properties;

    EventReader(DecodeLimits limits, Map<String, Purpose> typePurposes, Supplier<UUID> ids, JsonFactory json) {
        this.typePurposes = Map.copyOf(typePurposes);
        this.ids = ids;
        this.properties = new PropertiesReader(limits, json);
    }

    /**
     * Reads the object whose {@code START_OBJECT} is the parser's current token and leaves the
     * parser on its {@code END_OBJECT}, unless it throws.
     *
     * @param source    the bytes the parser reads, so {@code properties} can be kept as their text
     * @param base      where in {@code source} the parser started
     * @param defaultIp the connection's address as a canonical literal, or null
     */
    Event read(JsonParser p, byte[] source, int base, Instant receivedAt, String defaultIp)
            throws IOException, EventRejected {
        Draft draft = new Draft();
        String name;
        while ((name = p.nextFieldName()) != null) {
            field(p, p.nextToken(), name, draft, receivedAt, source, base);
        }
        return build(draft, receivedAt, defaultIp);
    }

    private void field(JsonParser p, JsonToken t, String name, Draft d, Instant receivedAt, byte[] source,
            int base) throws IOException, EventRejected {
        switch (name) {
            case "type" -> d.type = eventName(p, t, d.first(1, name));
            case "userId" -> d.userId = identifier(p, t, d.first(1 << 1, name));
            case "anonymousId" -> d.anonymousId = identifier(p, t, d.first(1 << 2, name));
            case "id" -> d.id = id(p, t, d.first(1 << 3, name));
            case "timestamp" -> d.timestamp = timestamp(p, t, d.first(1 << 4, name), receivedAt);
            case "purpose" -> d.purpose = purpose(p, t, d.first(1 << 5, name));
            case "ip" -> d.ip = ip(p, t, d.first(1 << 6, name));
            case "userAgent" -> d.userAgent = FieldValues.string(p, t, d.first(1 << 7, name), MAX_USER_AGENT_CHARS);
            case "device" -> d.device = NestedFieldReader.device(p, t, d.first(1 << 8, name));
            case "properties" -> d.properties = properties(p, t, d.first(1 << 9, name), source, base);
            case "consent" -> d.consent = NestedFieldReader.consent(p, t, d.first(1 << 10, name));
            default -> throw EventRejected.unknownField(name);
        }
    }

    private Event build(Draft d, Instant receivedAt, String defaultIp) throws EventRejected {
        if (d.type == null) {
            throw EventRejected.of(RejectionCode.MISSING_TYPE, "field 'type' is required");
        }
        if (d.userId == null && d.anonymousId == null) {
            throw EventRejected.of(RejectionCode.MISSING_USER, "one of 'userId' or 'anonymousId' is required");
        }
        return new Event(
                d.id != null ? d.id : ids.get(),
                d.type,
                d.userId,
                d.anonymousId,
                d.timestamp != null ? d.timestamp : receivedAt,
                receivedAt,
                d.purpose != null ? d.purpose : typePurposes.getOrDefault(d.type, Purpose.ANALYTICS),
                d.ip != null ? d.ip : defaultIp,
                d.userAgent,
                d.device != null ? d.device : Device.NONE,
                d.properties != null ? d.properties : EventProperties.empty(),
                d.consent != null ? d.consent : Map.of());
    }

    private static String eventName(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        if (t == JsonToken.VALUE_STRING && p.getTextLength() > FieldSyntax.MAX_EVENT_NAME_CHARS) {
            throw EventRejected.tooLong(field, FieldSyntax.MAX_EVENT_NAME_CHARS);
        }
        String type = FieldValues.syntaxChecked(p, t, field);
        if (type != null && !FieldSyntax.isEventName(type)) {
            throw EventRejected.of(RejectionCode.BAD_EVENT_NAME,
                    "field 'type' must be 1 to 200 characters from A-Z a-z 0-9 _ . : $ - and space");
        }
        return type;
    }

    private static String identifier(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        String value = FieldValues.string(p, t, field, MAX_IDENTIFIER_CHARS);
        if (value != null && value.isEmpty()) {
            throw EventRejected.of(RejectionCode.EMPTY_VALUE, "field '" + field + "' must not be empty");
        }
        return value;
    }

    private static UUID id(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        String text = FieldValues.syntaxChecked(p, t, field);
        if (text == null) {
            return null;
        }
        UUID id = FieldSyntax.parseUuid(text);
        if (id == null || (id.getMostSignificantBits() | id.getLeastSignificantBits()) == 0) {
            throw EventRejected.of(RejectionCode.BAD_ID,
                    "field 'id' must be a UUID in 8-4-4-4-12 hex form, other than the nil UUID");
        }
        return id;
    }

    private static Instant timestamp(JsonParser p, JsonToken t, String field, Instant receivedAt)
            throws IOException, EventRejected {
        String text = FieldValues.syntaxChecked(p, t, field);
        if (text == null) {
            return null;
        }
        Instant timestamp = Rfc3339.parse(text);
        if (timestamp == null) {
            throw EventRejected.of(RejectionCode.BAD_TIMESTAMP,
                    "field 'timestamp' must be an ISO-8601 date-time with offset, like 2026-11-29T12:00:00.000Z");
        }
        if (timestamp.isAfter(receivedAt.plus(MAX_FUTURE))) {
            throw EventRejected.of(RejectionCode.FUTURE_TIMESTAMP,
                    "field 'timestamp' is more than 24 hours after the time the request was received");
        }
        return timestamp;
    }

    private static Purpose purpose(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        String text = FieldValues.syntaxChecked(p, t, field);
        if (text == null) {
            return null;
        }
        Purpose purpose = FieldValues.PURPOSES.get(text);
        if (purpose == null) {
            throw EventRejected.of(RejectionCode.BAD_PURPOSE,
                    "field 'purpose' must be one of analytics, diagnostics, security, marketing");
        }
        return purpose;
    }

    /** Stored in canonical form, so one address is always one value downstream. */
    private static String ip(JsonParser p, JsonToken t, String field) throws IOException, EventRejected {
        String text = FieldValues.syntaxChecked(p, t, field);
        if (text == null) {
            return null;
        }
        byte[] address = IpLiteral.parse(text);
        if (address == null) {
            throw EventRejected.of(RejectionCode.BAD_IP, "field 'ip' must be an IPv4 or IPv6 address literal");
        }
        return IpLiteral.format(address);
    }

    private EventProperties properties(JsonParser p, JsonToken t, String field, byte[] source, int base)
            throws IOException, EventRejected {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw EventRejected.badType(field, "an object");
        }
        return properties.readText(p, source, base);
    }

    /** The fields met so far; {@code seen} has one bit per allow-listed field, to refuse repeats. */
    private static final class Draft {
        int seen;
        String type;
        String userId;
        String anonymousId;
        UUID id;
        Instant timestamp;
        Purpose purpose;
        String ip;
        String userAgent;
        Device device;
        EventProperties properties;
        Map<Purpose, Boolean> consent;

        /** Returns {@code name} for use as the field name, after checking it was not seen before. */
        String first(int bit, String name) throws EventRejected {
            if ((seen & bit) != 0) {
                throw EventRejected.duplicateField(name);
            }
            seen |= bit;
            return name;
        }
    }
}
