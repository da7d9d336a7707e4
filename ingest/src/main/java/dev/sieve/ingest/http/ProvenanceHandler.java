package dev.sieve.ingest.http;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.Field;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.policy.PurposeRule;
import dev.sieve.storage.pg.EventRows;
import dev.sieve.storage.pg.StoredEvent;
import dev.sieve.storage.policy.PolicyRepository;
import dev.sieve.storage.policy.PolicyVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/events/{eventId}/provenance} (privacy-admin): for a stored event, the policy and
 * consent versions applied and, per field, the action taken and the rule of that policy version
 * that produced it, with the columns that hold a value. Shows column names, never values.
 */
public final class ProvenanceHandler {
    private static final Map<Field, List<String>> COLUMNS = Map.of(
            Field.IP, List.of("ip_network", "ip_key"),
            Field.USER_ID, List.of("user_key"),
            Field.ANONYMOUS_ID, List.of("anonymous_key"),
            Field.DEVICE_ID, List.of("device_key"),
            Field.DEVICE_MODEL, List.of("device_model", "device_class"),
            Field.DEVICE_MANUFACTURER, List.of("device_manufacturer"),
            Field.DEVICE_OS, List.of("device_os"),
            Field.DEVICE_OS_VERSION, List.of("device_os_version"),
            Field.USER_AGENT, List.of("user_agent", "browser_family", "browser_major", "os_family"),
            Field.PROPERTIES, List.of("properties"));
    private final EventRows events;
    private final PolicyRepository policies;

    public ProvenanceHandler(EventRows events, PolicyRepository policies) {
        this.events = events;
        this.policies = policies;
    }

    public void explain(RoutingContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("eventId"));
        } catch (IllegalArgumentException e) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "the event id must be a UUID");
        }
        events.find(id)
                .map(found -> found.orElseThrow(() -> new SieveException(ErrorCode.NOT_FOUND, "no stored event with this id")))
                .compose(row -> policyOf(row.policyVersion()).map(policy -> explain(row, policy)))
                .onComplete(answer -> RequestBodies.json(ctx, 200, answer), ctx::fail);
    }

    private Future<Policy> policyOf(long version) {
        if (version == Policy.FAIL_CLOSED_VERSION) {
            return Future.succeededFuture(Policy.failClosed());
        }
        return policies.get(version).map(v -> v.map(PolicyVersion::policy).orElseThrow(() ->
                new SieveException(ErrorCode.INTERNAL, "the row's policy version is missing")));
    }

    private static JsonObject explain(StoredEvent row, Policy policy) {
        PurposeRule purposeRule = row.purpose() == null ? null : policy.purpose(row.purpose());
        List<String> present = row.presentColumns();
        JsonObject fields = new JsonObject();
        for (Field f : Field.values()) {
            JsonObject field = new JsonObject();
            if (row.consented() != null) {
                field.put("action", policy.action(f, row.consented()).wireName())
                        .put("rule", policy.origin(f, row.consented()));
            } else {
                field.put("actionWithConsent", policy.action(f, true).wireName())
                        .put("actionWithoutConsent", policy.action(f, false).wireName());
            }
            JsonArray stored = new JsonArray();
            COLUMNS.get(f).stream().filter(present::contains).forEach(stored::add);
            fields.put(f.path(), field.put("storedColumns", stored));
        }
        JsonObject properties = new JsonObject();
        policy.properties().forEach((name, rule) -> properties.put(name, row.consented() == null
                ? new JsonObject().put("actionWithConsent", rule.withConsent().wireName())
                        .put("actionWithoutConsent", rule.withoutConsent().wireName())
                : new JsonObject().put("action", rule.actionFor(row.consented()).wireName())
                        .put("rule", "properties." + name + (row.consented() ? ".withConsent" : ".withoutConsent"))));
        return new JsonObject()
                .put("eventId", row.eventId().toString())
                .put("receivedAt", row.receivedAt().toString())
                .put("purpose", row.purpose() == null ? null : row.purpose().wireName())
                .put("policyVersion", row.policyVersion())
                .put("failClosed", policy.isFailClosed())
                .put("consentVersion", row.consentVersion())
                .put("consented", row.consented())
                .put("purposeRule", purposeRule == null ? null : new JsonObject()
                        .put("rule", "purposes." + row.purpose().wireName())
                        .put("legalBasis", purposeRule.legalBasis().wireName())
                        .put("dropEventWithoutConsent", purposeRule.dropEventWithoutConsent()))
                .put("fields", fields)
                .put("properties", properties);
    }
}
