package dev.sieve.ingest.formats.wire;

import dev.sieve.ingest.decode.FieldSyntax;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.ip.IpLiteral;
import dev.sieve.ingest.decode.RejectionCode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One foreign event on its way to an {@link Event}: each setter checks its value against the
 * native format's rules (lengths, alphabet, storable text, IP literal), and {@link #build}
 * checks what is required and fills the defaults. One instance per event.
 */
public final class EventDraft {
    public static final int MAX_IDENTIFIER_CHARS = 200;
    public static final int MAX_USER_AGENT_CHARS = 1024;

    private UUID id;
    private String type;
    private String userId;
    private String anonymousId;
    private Instant timestamp;
    private String ip;
    private String userAgent;
    private Device device = Device.NONE;
    private ObjectNode properties;
    private final Map<Purpose, Boolean> consent = new EnumMap<>(Purpose.class);

    public EventDraft id(UUID value) {
        this.id = value;
        return this;
    }

    /** The event name; null leaves it unset, so {@link #build} reports it missing. */
    public EventDraft type(String name, String field) throws WireRejected {
        if (name != null && !FieldSyntax.isEventName(name)) {
            throw new WireRejected(RejectionCode.BAD_EVENT_NAME,
                    "field '" + field + "' must be 1 to 200 characters from A-Z a-z 0-9 _ . : $ - and space");
        }
        this.type = name;
        return this;
    }

    /** An empty identifier counts as absent: SDKs send {@code ""} before a user is known. */
    public EventDraft userId(String value, String field) throws WireRejected {
        this.userId = identifier(value, field);
        return this;
    }

    public EventDraft anonymousId(String value, String field) throws WireRejected {
        this.anonymousId = identifier(value, field);
        return this;
    }

    public boolean hasAnonymousId() {
        return anonymousId != null;
    }

    public EventDraft timestamp(Instant value) {
        this.timestamp = value;
        return this;
    }

    /** An IP literal, stored canonically; null is allowed (no IP). */
    public EventDraft ip(String text, String field) throws WireRejected {
        if (text == null) {
            this.ip = null;
            return this;
        }
        byte[] address = IpLiteral.parse(text);
        if (address == null) {
            throw new WireRejected(RejectionCode.BAD_IP, "field '" + field + "' must be an IPv4 or IPv6 address literal");
        }
        this.ip = IpLiteral.format(address);
        return this;
    }

    /** The connection's address, for events that name none; a value that is not an IP literal counts as none. */
    public EventDraft connectionIp(String text) {
        byte[] address = IpLiteral.parse(text);
        this.ip = address == null ? null : IpLiteral.format(address);
        return this;
    }

    public EventDraft userAgent(String value, String field) throws WireRejected {
        this.userAgent = bounded(value, field, MAX_USER_AGENT_CHARS);
        return this;
    }

    public EventDraft device(String id, String model, String manufacturer, String os, String osVersion,
                             String field) throws WireRejected {
        this.device = new Device(bounded(id, field + ".id", MAX_IDENTIFIER_CHARS),
                bounded(model, field + ".model", MAX_IDENTIFIER_CHARS),
                bounded(manufacturer, field + ".manufacturer", MAX_IDENTIFIER_CHARS),
                bounded(os, field + ".os", MAX_IDENTIFIER_CHARS),
                bounded(osVersion, field + ".osVersion", MAX_IDENTIFIER_CHARS));
        return this;
    }

    public EventDraft properties(ObjectNode value) {
        this.properties = value;
        return this;
    }

    /** Consent carried on the event; a withdrawal (false) wins over a grant for the same purpose. */
    public EventDraft consent(Purpose purpose, boolean granted) {
        consent.merge(purpose, granted, Boolean::logicalAnd);
        return this;
    }

    /** Every purpose withdrawn: the visitor declined all optional processing. */
    public EventDraft withdrawAll() {
        for (Purpose p : Purpose.values()) {
            consent(p, false);
        }
        return this;
    }

    /** The event, or the first rule it breaks; an event without an id gets one from {@code rules}. */
    public Event build(Instant receivedAt, EventRules rules, PropertyBounds bounds) throws WireRejected {
        if (type == null) {
            throw new WireRejected(RejectionCode.MISSING_TYPE, "the event has no name");
        }
        if (userId == null && anonymousId == null) {
            throw new WireRejected(RejectionCode.MISSING_USER, "the event has neither a user id nor an anonymous id");
        }
        Instant when = timestamp != null ? timestamp : receivedAt;
        if (EventTimes.tooFarAhead(when, receivedAt)) {
            throw new WireRejected(RejectionCode.FUTURE_TIMESTAMP,
                    "the event time is more than 24 hours after the time the request was received");
        }
        ObjectNode props = properties != null ? properties : JsonNodeFactory.instance.objectNode();
        bounds.check(props);
        return new Event(id != null ? id : rules.ids().get(), type, userId, anonymousId, when, receivedAt,
                rules.typePurposes().getOrDefault(type, Purpose.ANALYTICS), ip, userAgent, device, props, consent);
    }

    private static String identifier(String value, String field) throws WireRejected {
        String text = bounded(value, field, MAX_IDENTIFIER_CHARS);
        return text == null || text.isEmpty() ? null : text;
    }

    private static String bounded(String value, String field, int maxChars) throws WireRejected {
        if (value == null) {
            return null;
        }
        if (value.length() > maxChars) {
            throw WireRejected.tooLong(field, maxChars);
        }
        if (!FieldSyntax.isStorable(value)) {
            throw WireRejected.badText(field);
        }
        return value;
    }
}
