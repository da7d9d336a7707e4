package dev.sieve.ingest.formats.snowplow;

import dev.sieve.ingest.decode.FieldSyntax;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.event.Event;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.EventDraft;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.formats.wire.EventTimes;
import dev.sieve.ingest.formats.wire.PropertyBounds;
import dev.sieve.ingest.formats.wire.StableIds;
import dev.sieve.ingest.formats.wire.WireJson;
import dev.sieve.ingest.formats.wire.WireRejected;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Maps one Snowplow tracker-protocol event (its parameters, as GET query or POST
 * {@code payload_data} item) to an {@link Event}; the table is in {@code docs/formats.md}.
 */
final class SnowplowEventReader {
    static final String FORMAT = "snowplow";
    /**
     * The subject of events that carry no identifier at all (the pixel tracker, anonymous
     * tracking): one shared id, so they are counted but single out no one. Consent must never be
     * recorded for it, so such events are always enforced as not consented.
     */
    static final String SHARED_ANONYMOUS_ID = "$anonymous";

    private final EventRules rules;
    private final PropertyBounds bounds;
    private final WireJson json;

    SnowplowEventReader(EventRules rules, WireJson json) {
        this.rules = rules;
        this.bounds = rules.bounds();
        this.json = json;
    }

    Event read(Map<String, String> params, SnowplowRequest request, ConsentCategories categories)
            throws WireRejected {
        String e = params.get("e");
        if (e == null || e.isEmpty()) {
            throw new WireRejected(RejectionCode.MISSING_TYPE, "field 'e' (the event type) is required");
        }
        SelfDescribing event = SelfDescribing.event(params, json);
        List<SelfDescribing> entities = SelfDescribing.entities(params, json);
        EventDraft draft = new EventDraft().type(typeName(e, params, event), "e")
                .userId(params.get("uid"), "uid")
                .timestamp(eventTime(params, request.receivedAt()));
        String eid = params.get("eid");
        if (eid != null && !eid.isEmpty()) {
            if (eid.length() > EventDraft.MAX_IDENTIFIER_CHARS) {
                throw WireRejected.tooLong("eid", EventDraft.MAX_IDENTIFIER_CHARS);
            }
            draft.id(StableIds.of(FORMAT, eid));
        }
        anonymousId(params, request.anonymous(), entities, draft);
        if (!draft.hasAnonymousId() && (params.get("uid") == null || params.get("uid").isEmpty())) {
            draft.anonymousId(SHARED_ANONYMOUS_ID, "duid");
        }
        if (!request.anonymous()) {
            String ip = params.get("ip");
            if (ip != null && !ip.isEmpty()) {
                draft.ip(ip, "ip");
            } else {
                draft.connectionIp(request.connectionIp());
            }
        }
        String ua = params.get("ua");
        draft.userAgent(ua != null && !ua.isEmpty() ? ua : request.userAgentHeader(), "ua");
        mobileDevice(entities, draft);
        SnowplowConsent.apply(event, entities, categories, draft);
        draft.properties(SnowplowProperties.of(e, params, event, entities));
        return draft.build(request.receivedAt(), rules, bounds);
    }

    /**
     * {@code pv} is {@code page_view}, {@code pp} {@code page_ping}, {@code se} its action when
     * that is a valid name (else {@code struct}), {@code ue} the name of its schema,
     * {@code tr}/{@code ti} {@code transaction}/{@code transaction_item}, as in Snowplow's model.
     */
    private static String typeName(String e, Map<String, String> params, SelfDescribing event) throws WireRejected {
        switch (e) {
            case "pv":
                return "page_view";
            case "pp":
                return "page_ping";
            case "tr":
                return "transaction";
            case "ti":
                return "transaction_item";
            case "se":
                String action = params.get("se_ac");
                return action != null && FieldSyntax.isEventName(action) ? action : "struct";
            case "ue":
                if (event == null) {
                    throw new WireRejected(RejectionCode.MISSING_TYPE, "a self-describing event (e=ue) needs ue_pr or ue_px");
                }
                String name = IgluSchema.name(event.schema());
                if (name == null) {
                    throw new WireRejected(RejectionCode.BAD_EVENT_NAME, "the self-describing event's schema is not an Iglu URI");
                }
                return name;
            default:
                throw new WireRejected(RejectionCode.BAD_EVENT_NAME, "field 'e' must be one of pv, pp, se, ue, tr, ti");
        }
    }

    /**
     * Snowplow's {@code derived_tstamp}: the true timestamp {@code ttm} when set; else
     * {@code receivedAt - (stm - dtm)} when both device times are sent; else {@code dtm}.
     */
    private static Instant eventTime(Map<String, String> params, Instant receivedAt) throws WireRejected {
        Instant trueTime = millis(params, "ttm");
        if (trueTime != null) {
            return trueTime;
        }
        Instant created = millis(params, "dtm");
        Instant sent = millis(params, "stm");
        return created != null && sent != null ? EventTimes.skewCorrected(receivedAt, sent, created) : created;
    }

    private static Instant millis(Map<String, String> params, String field) throws WireRejected {
        String text = params.get(field);
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant parsed = EventTimes.epochMillis(text);
        if (parsed == null) {
            throw new WireRejected(RejectionCode.BAD_TIMESTAMP, "field '" + field + "' must be milliseconds since the epoch");
        }
        return parsed;
    }

    /**
     * The cookie id {@code duid}; else the collector-cookie id ({@code tnuid}, formerly
     * {@code nuid}) unless the request is anonymous; else the mobile trackers' install id in the
     * {@code client_session} entity.
     */
    private static void anonymousId(Map<String, String> params, boolean anonymous, List<SelfDescribing> entities,
                                    EventDraft draft) throws WireRejected {
        draft.anonymousId(params.get("duid"), "duid");
        if (!draft.hasAnonymousId() && !anonymous) {
            String network = params.get("tnuid");
            draft.anonymousId(network != null && !network.isEmpty() ? network : params.get("nuid"), "tnuid");
        }
        if (!draft.hasAnonymousId()) {
            for (SelfDescribing entity : entities) {
                JsonNode userId = entity.data().path("userId");
                if (IgluSchema.isSnowplow(entity.schema(), "client_session") && userId.isTextual()) {
                    draft.anonymousId(userId.textValue(), "client_session.userId");
                    return;
                }
            }
        }
    }

    /** The mobile trackers' {@code mobile_context}; advertising ids in it are never read. */
    private static void mobileDevice(List<SelfDescribing> entities, EventDraft draft) throws WireRejected {
        for (SelfDescribing entity : entities) {
            if (IgluSchema.isSnowplow(entity.schema(), "mobile_context") && entity.data().isObject()) {
                JsonNode d = entity.data();
                draft.device(text(d, "appleIdfv"), text(d, "deviceModel"), text(d, "deviceManufacturer"),
                        text(d, "osType"), text(d, "osVersion"), "mobile_context");
                return;
            }
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
