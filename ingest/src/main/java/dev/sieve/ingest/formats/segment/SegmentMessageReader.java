package dev.sieve.ingest.formats.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.event.Event;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.EventDraft;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.formats.wire.EventTimes;
import dev.sieve.ingest.formats.wire.PropertyBounds;
import dev.sieve.ingest.formats.wire.StableIds;
import dev.sieve.ingest.formats.wire.WireRejected;
import dev.sieve.ingest.formats.wire.WireValues;
import java.time.Instant;

/**
 * Maps one Segment message (Spec: track, identify, page, screen, group, alias) to an
 * {@link Event}; the mapping table is in {@code docs/formats.md}. Stateless; one per decoder.
 */
final class SegmentMessageReader {
    static final String FORMAT = "segment";
    /** Segment asks for message ids under 100 characters; twice that is still refused as abuse. */
    static final int MAX_MESSAGE_ID_CHARS = 200;

    private final EventRules rules;
    private final PropertyBounds bounds;

    SegmentMessageReader(EventRules rules) {
        this.rules = rules;
        this.bounds = rules.bounds();
    }

    /** What a message inherits from its request: the batch's context and sentAt, the connection. */
    record Inherited(ObjectNode batchContext, Instant batchSentAt, String connectionIp, Instant receivedAt,
                     ConsentCategories categories) {
    }

    /** @param call the endpoint's method, or {@link SegmentCall#BATCH} when the message names its own {@code type} */
    Event read(ObjectNode msg, SegmentCall call, Inherited from) throws WireRejected {
        SegmentCall method = call != SegmentCall.BATCH ? call : typeOf(msg);
        EventDraft draft = new EventDraft()
                .type(method == SegmentCall.TRACK ? trackName(msg) : method.wireName(), "event")
                .userId(WireValues.text(msg.get("userId"), "userId"), "userId")
                .anonymousId(WireValues.text(msg.get("anonymousId"), "anonymousId"), "anonymousId")
                .timestamp(eventTime(msg, from));
        String messageId = WireValues.text(msg.get("messageId"), "messageId");
        if (messageId != null && !messageId.isEmpty()) {
            if (messageId.length() > MAX_MESSAGE_ID_CHARS) {
                throw WireRejected.tooLong("messageId", MAX_MESSAGE_ID_CHARS);
            }
            draft.id(StableIds.of(FORMAT, messageId));
        }
        ObjectNode own = WireValues.object(msg.get("context"), "context");
        ObjectNode context = SegmentContext.merge(from.batchContext(), own);
        SegmentContext.identifyingFields(context, from.connectionIp(), draft);
        SegmentContext.consent(from.batchContext(), from.categories(), draft);
        SegmentContext.consent(own, from.categories(), draft);
        draft.properties(properties(msg, method, SegmentContext.kept(context)));
        return draft.build(from.receivedAt(), rules, bounds);
    }

    private static SegmentCall typeOf(ObjectNode msg) throws WireRejected {
        String type = WireValues.string(msg.get("type"), "type");
        if (type == null) {
            throw new WireRejected(RejectionCode.MISSING_TYPE, "field 'type' is required for each message of a batch");
        }
        SegmentCall call = SegmentCall.ofType(type);
        if (call == null) {
            throw WireRejected.badType("type", "one of track, identify, page, screen, group, alias");
        }
        return call;
    }

    private static String trackName(ObjectNode msg) throws WireRejected {
        String event = WireValues.string(msg.get("event"), "event");
        if (event == null || event.isEmpty()) {
            throw new WireRejected(RejectionCode.MISSING_TYPE, "field 'event' is required for track");
        }
        return event;
    }

    /**
     * Segment's clock-skew correction, {@code receivedAt - (sentAt - timestamp)}, when the message
     * (or its batch) says when it was sent; else the client's timestamp; else null (receive time).
     */
    private static Instant eventTime(ObjectNode msg, Inherited from) throws WireRejected {
        JsonNode stamp = WireValues.absent(msg.get("timestamp")) ? msg.get("originalTimestamp") : msg.get("timestamp");
        Instant timestamp = time(stamp, "timestamp");
        Instant sentAt = time(msg.get("sentAt"), "sentAt");
        sentAt = sentAt != null ? sentAt : from.batchSentAt();
        if (timestamp == null || sentAt == null) {
            return timestamp;
        }
        return EventTimes.skewCorrected(from.receivedAt(), sentAt, timestamp);
    }

    static Instant time(JsonNode node, String field) throws WireRejected {
        String text = WireValues.string(node, field);
        if (text == null) {
            return null;
        }
        Instant parsed = EventTimes.iso(text);
        if (parsed == null) {
            throw new WireRejected(RejectionCode.BAD_TIMESTAMP,
                    "field '" + field + "' must be an ISO-8601 date-time, like 2026-11-29T12:00:00.000Z");
        }
        return parsed;
    }

    /**
     * Track, page and screen keep their {@code properties} (page and screen also their
     * {@code name} and {@code category}); identify traits, group traits and ids, and alias's
     * previous id are profile data and identifiers, which Sieve does not store.
     */
    private static ObjectNode properties(ObjectNode msg, SegmentCall method, ObjectNode keptContext)
            throws WireRejected {
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        if (method == SegmentCall.TRACK || method == SegmentCall.PAGE || method == SegmentCall.SCREEN) {
            ObjectNode own = WireValues.object(msg.get("properties"), "properties");
            if (own != null) {
                props = own;
            }
        }
        if (method == SegmentCall.PAGE || method == SegmentCall.SCREEN) {
            copyIfAbsent(msg, props, "name");
            copyIfAbsent(msg, props, "category");
        }
        if (keptContext != null) {
            props.set("$context", keptContext);
        }
        return props;
    }

    private static void copyIfAbsent(ObjectNode msg, ObjectNode props, String key) {
        JsonNode v = msg.get(key);
        if (v != null && v.isTextual() && !props.has(key)) {
            props.set(key, v);
        }
    }
}
