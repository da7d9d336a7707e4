package dev.sieve.ingest.formats.snowplow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code properties} of a Snowplow event, under the canonical field names of Snowplow's
 * atomic model: the event's own data at the top level, the allow-listed atomic fields under
 * {@code $snowplow}, the entities under {@code $entities}. Parameters not listed here are not
 * stored: identifiers and network data go to the event's own fields or nowhere, and screen,
 * viewport and browser-feature values are device data the policy has no rule for.
 */
final class SnowplowProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Tracker parameter to atomic field name, kept under {@code $snowplow}. */
    private static final Map<String, String> ATOMIC = ordered(
            "aid", "app_id", "p", "platform", "tna", "name_tracker", "tv", "v_tracker", "url", "page_url",
            "page", "page_title", "refr", "page_referrer", "lang", "br_lang", "tz", "os_timezone",
            "cs", "doc_charset", "sid", "domain_sessionid", "vid", "domain_sessionidx");
    private static final Map<String, String> STRUCTURED = ordered(
            "se_ca", "se_category", "se_ac", "se_action", "se_la", "se_label", "se_pr", "se_property",
            "se_va", "se_value");
    private static final Map<String, String> PAGE_PING = ordered(
            "pp_mix", "pp_xoffset_min", "pp_max", "pp_xoffset_max", "pp_miy", "pp_yoffset_min",
            "pp_may", "pp_yoffset_max");
    /** Delivery city and state are left out: they locate a person. */
    private static final Map<String, String> TRANSACTION = ordered(
            "tr_id", "tr_orderid", "tr_af", "tr_affiliation", "tr_tt", "tr_total", "tr_tx", "tr_tax",
            "tr_sh", "tr_shipping", "tr_co", "tr_country", "tr_cu", "tr_currency");
    private static final Map<String, String> TRANSACTION_ITEM = ordered(
            "ti_id", "ti_orderid", "ti_sk", "ti_sku", "ti_nm", "ti_name", "ti_na", "ti_name", "ti_ca", "ti_category",
            "ti_pr", "ti_price", "ti_qu", "ti_quantity", "ti_cu", "ti_currency");
    private static final Set<String> NUMERIC = Set.of("se_value", "pp_xoffset_min", "pp_xoffset_max",
            "pp_yoffset_min", "pp_yoffset_max", "tr_total", "tr_tax", "tr_shipping", "ti_price", "ti_quantity",
            "domain_sessionidx");
    /** Entities read into the event's own fields, or holding device data, ids or precise location. */
    private static final Set<String> ENTITIES_NOT_STORED = Set.of("mobile_context", "client_session",
            "geolocation_context", "browser_context", "desktop_context");

    private SnowplowProperties() {
    }

    static ObjectNode of(String e, Map<String, String> params, SelfDescribing event, List<SelfDescribing> entities) {
        ObjectNode props = NODES.objectNode();
        switch (e) {
            case "ue" -> {
                if (event.data().isObject()) {
                    props.setAll((ObjectNode) event.data());
                }
                props.put("$schema", event.schema());
            }
            case "se" -> copy(params, STRUCTURED, props);
            case "pp" -> copy(params, PAGE_PING, props);
            case "tr" -> copy(params, TRANSACTION, props);
            case "ti" -> copy(params, TRANSACTION_ITEM, props);
            default -> { }
        }
        ObjectNode atomic = NODES.objectNode();
        copy(params, ATOMIC, atomic);
        if (!atomic.isEmpty()) {
            props.set("$snowplow", atomic);
        }
        ArrayNode kept = NODES.arrayNode();
        for (SelfDescribing entity : entities) {
            if (!ENTITIES_NOT_STORED.contains(IgluSchema.name(entity.schema()))
                    || !IgluSchema.SNOWPLOW_VENDOR.equals(IgluSchema.vendor(entity.schema()))) {
                kept.add(NODES.objectNode().put("schema", entity.schema()).set("data", entity.data()));
            }
        }
        if (!kept.isEmpty()) {
            props.set("$entities", kept);
        }
        return props;
    }

    private static void copy(Map<String, String> params, Map<String, String> names, ObjectNode into) {
        names.forEach((param, name) -> {
            String value = params.get(param);
            if (value != null && !value.isEmpty() && !into.has(name)) {
                into.set(name, NUMERIC.contains(name) ? number(value) : NODES.textNode(value));
            }
        });
    }

    /** Trackers send every value as a string; numeric fields are stored as numbers when they parse. */
    private static JsonNode number(String text) {
        try {
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                long value = Long.parseLong(text);
                return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
            }
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(text);
        } catch (NumberFormatException e) {
            return NODES.textNode(text);
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }
}
