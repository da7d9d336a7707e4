package dev.sieve.ingest.formats.snowplow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.EventDraft;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Consent carried by Snowplow's own consent schemas, as the self-describing event or as an
 * entity: {@code consent_withdrawn} (all, or the purposes its {@code consent_document}
 * entities name) and the enhanced-consent plugin's {@code consent_preferences}
 * ({@code deny_all}, {@code withdrawn}, {@code expired}: every purpose; {@code allow_selected}:
 * every purpose whose category is not among {@code consentScopes}). They can only narrow;
 * {@code consent_granted}, {@code allow_all}, {@code implicit_consent} and {@code pending} change nothing.
 */
final class SnowplowConsent {
    private static final Set<String> DENIALS = Set.of("deny_all", "withdrawn", "expired");

    private SnowplowConsent() {
    }

    static void apply(SelfDescribing event, List<SelfDescribing> entities, ConsentCategories categories,
                      EventDraft draft) {
        if (event != null) {
            one(event, entities, categories, draft);
        }
        for (SelfDescribing entity : entities) {
            one(entity, entities, categories, draft);
        }
    }

    private static void one(SelfDescribing sd, List<SelfDescribing> entities, ConsentCategories categories,
                            EventDraft draft) {
        if (IgluSchema.isSnowplow(sd.schema(), "consent_withdrawn")) {
            withdrawn(sd.data(), entities, categories, draft);
        } else if (IgluSchema.isSnowplow(sd.schema(), "consent_preferences")) {
            preferences(sd.data(), categories, draft);
        }
    }

    private static void withdrawn(JsonNode data, List<SelfDescribing> entities, ConsentCategories categories,
                                  EventDraft draft) {
        if (data.path("all").asBoolean(false)) {
            draft.withdrawAll();
            return;
        }
        for (SelfDescribing entity : entities) {
            if (IgluSchema.isSnowplow(entity.schema(), "consent_document") && entity.data().path("name").isTextual()) {
                categories.purposeOf(entity.data().get("name").textValue()).ifPresent(p -> draft.consent(p, false));
            }
        }
    }

    private static void preferences(JsonNode data, ConsentCategories categories, EventDraft draft) {
        String type = data.path("eventType").asText("");
        if (DENIALS.contains(type)) {
            draft.withdrawAll();
        } else if (type.equals("allow_selected")) {
            Set<Purpose> allowed = EnumSet.noneOf(Purpose.class);
            for (JsonNode scope : data.path("consentScopes")) {
                if (scope.isTextual()) {
                    categories.purposeOf(scope.textValue()).ifPresent(allowed::add);
                }
            }
            for (Purpose p : Purpose.values()) {
                if (!allowed.contains(p)) {
                    draft.consent(p, false);
                }
            }
        }
    }
}
