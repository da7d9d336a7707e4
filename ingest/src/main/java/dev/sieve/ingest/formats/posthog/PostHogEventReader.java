package dev.sieve.ingest.formats.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.event.Event;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.EventDraft;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.formats.wire.EventTimes;
import dev.sieve.ingest.formats.wire.PropertyBounds;
import dev.sieve.ingest.formats.wire.StableIds;
import dev.sieve.ingest.formats.wire.WireRejected;
import dev.sieve.ingest.formats.wire.WireValues;
import java.time.Instant;
import java.util.Set;

/**
 * Maps one PostHog event ({@code event}, {@code distinct_id}, {@code uuid}, {@code timestamp},
 * {@code properties}) to an {@link Event}; the table is in {@code docs/formats.md}. Properties
 * that carry what the policy rules on (IP, user agent, device, OS, browser, identifiers) are
 * moved to the event's own fields or not stored, so no rule can be bypassed through them.
 */
final class PostHogEventReader {
    static final String FORMAT = "posthog";
    /** Removed from properties: read into the event's own fields, or identifying and not stored. */
    private static final Set<String> NOT_STORED = Set.of("token", "distinct_id", "$ip", "$raw_user_agent",
            "$useragent", "$device_id", "$user_id", "$anon_distinct_id", "$device_name", "$device_model",
            "$device_manufacturer", "$device", "$device_type", "$os", "$os_name", "$os_version", "$browser",
            "$browser_version", "$screen_height", "$screen_width", "$screen_density", "$viewport_height",
            "$viewport_width", "$set", "$set_once", "$unset");

    private final EventRules rules;
    private final PropertyBounds bounds;

    PostHogEventReader(EventRules rules) {
        this.rules = rules;
        this.bounds = rules.bounds();
    }

    /** @param sentAt when the SDK sent the request ({@code sent_at} or {@code ?_=}), or null */
    Event read(ObjectNode event, Instant sentAt, String connectionIp, Instant receivedAt) throws WireRejected {
        ObjectNode props = WireValues.object(event.get("properties"), "properties");
        props = props == null ? JsonNodeFactory.instance.objectNode() : props;
        String name = WireValues.string(event.get("event"), "event");
        if (name == null || name.isEmpty()) {
            throw new WireRejected(RejectionCode.MISSING_TYPE, "field 'event' is required");
        }
        EventDraft draft = new EventDraft().type(name, "event").timestamp(eventTime(event, props, sentAt, receivedAt));
        identity(event, props, draft);
        String uuid = WireValues.text(event.get("uuid"), "uuid");
        if (uuid != null && !uuid.isEmpty()) {
            if (uuid.length() > EventDraft.MAX_IDENTIFIER_CHARS) {
                throw WireRejected.tooLong("uuid", EventDraft.MAX_IDENTIFIER_CHARS);
            }
            draft.id(StableIds.of(FORMAT, uuid));
        }
        String ip = WireValues.string(props.get("$ip"), "properties.$ip");
        if (ip != null && !ip.isEmpty()) {
            draft.ip(ip, "properties.$ip");
        } else {
            draft.connectionIp(connectionIp);
        }
        draft.userAgent(WireValues.string(props.get("$raw_user_agent"), "properties.$raw_user_agent"),
                "properties.$raw_user_agent");
        device(props, draft);
        if (props.path("$cookieless_mode").asBoolean(false)) {
            draft.withdrawAll(); // posthog-js's cookieless_mode 'on_reject': the visitor declined
        }
        props.remove(NOT_STORED);
        if (name.equals("$create_alias")) {
            props.remove("alias"); // the other distinct id: an identifier, like Segment's previousId
        }
        return draft.properties(props).build(receivedAt, rules, bounds);
    }

    /**
     * {@code distinct_id} is the user id once the SDK has identified the person
     * ({@code $is_identified}), else the anonymous id; without the flag (server SDKs), an id equal
     * to {@code $device_id} is anonymous and any other is a user id.
     */
    private static void identity(ObjectNode event, ObjectNode props, EventDraft draft) throws WireRejected {
        JsonNode idNode = WireValues.absent(event.get("distinct_id")) ? event.get("$distinct_id") : event.get("distinct_id");
        String field = "distinct_id";
        if (WireValues.absent(idNode)) {
            idNode = props.get("distinct_id");
            field = "properties.distinct_id";
        }
        String distinctId = WireValues.text(idNode, field);
        JsonNode identified = props.get("$is_identified");
        boolean isUser = identified != null && identified.isBoolean()
                ? identified.booleanValue()
                : distinctId != null && !distinctId.equals(props.path("$device_id").textValue());
        if (isUser) {
            draft.userId(distinctId, field);
        } else {
            draft.anonymousId(distinctId, field);
        }
    }

    private static void device(ObjectNode props, EventDraft draft) throws WireRejected {
        String os = WireValues.text(props.get("$os_name"), "properties.$os_name");
        draft.device(
                WireValues.text(props.get("$device_id"), "properties.$device_id"),
                WireValues.text(props.get("$device_model"), "properties.$device_model"),
                WireValues.text(props.get("$device_manufacturer"), "properties.$device_manufacturer"),
                os != null ? os : WireValues.text(props.get("$os"), "properties.$os"),
                WireValues.text(props.get("$os_version"), "properties.$os_version"),
                "properties.$device");
    }

    /**
     * PostHog's rules: with a client timestamp and the send time, the skew-corrected time
     * (unless {@code $ignore_sent_at}); else {@code now - offset}; else the timestamp; else now.
     */
    private static Instant eventTime(ObjectNode event, ObjectNode props, Instant sentAt, Instant receivedAt)
            throws WireRejected {
        String text = WireValues.string(event.get("timestamp"), "timestamp");
        Instant timestamp = null;
        if (text != null && !text.isEmpty()) {
            timestamp = EventTimes.iso(text);
            if (timestamp == null) {
                throw new WireRejected(RejectionCode.BAD_TIMESTAMP,
                        "field 'timestamp' must be an ISO-8601 date-time, like 2026-11-29T12:00:00.000Z");
            }
        }
        JsonNode offset = event.get("offset");
        if (timestamp != null && sentAt != null && !props.path("$ignore_sent_at").asBoolean(false)) {
            return EventTimes.skewCorrected(receivedAt, sentAt, timestamp);
        }
        if (offset != null && offset.canConvertToLong() && offset.isIntegralNumber()) {
            return receivedAt.minusMillis(offset.longValue());
        }
        return timestamp;
    }
}
