package dev.sieve.ingest.query;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.query.AnalystScopes;
import dev.sieve.storage.query.EventFilter;
import dev.sieve.storage.query.InvalidQuery;
import dev.sieve.storage.query.ScopeSetting;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * The privacy team's control of analyst keys (privacy-admin key): {@code GET /v1/analyst-scopes}
 * lists every scope; {@code PUT /v1/analyst-scopes/{keyId}} (a key id as shown in audit actors,
 * or {@code default}) sets which purposes the key may query and export and its k, with a reason:
 * {@code {"purposes": ["analytics"], "minGroupUsers": 10, "reason": "..."}}; null or absent means
 * "as the default". Every change is audited.
 */
public final class AnalystScopeHandler {
    private static final Set<String> MEMBERS = Set.of("purposes", "minGroupUsers", "reason");
    private final AnalystScopes scopes;

    public AnalystScopeHandler(AnalystScopes scopes) {
        this.scopes = scopes;
    }

    public void list(RoutingContext ctx) {
        scopes.list().onComplete(all -> {
            JsonArray out = new JsonArray();
            all.forEach(s -> out.add(toJson(s)));
            Replies.json(ctx, 200, new JsonObject().put("scopes", out));
        }, ctx::fail);
    }

    public void put(RoutingContext ctx) {
        JsonObject body = body(ctx);
        for (String name : body.fieldNames()) {
            InvalidQuery.require(MEMBERS.contains(name), "unknown member; known: minGroupUsers, purposes, reason");
        }
        Object reason = body.getValue("reason");
        InvalidQuery.require(reason instanceof String text && !text.isBlank() && text.length() <= 1000,
                "every change needs a non-empty 'reason' (at most 1000 characters)");
        scopes.set(ctx.pathParam("keyId"), purposes(body.getValue("purposes")), minGroupUsers(body.getValue("minGroupUsers")),
                        Replies.actor(ctx), (String) reason)
                .onComplete(saved -> Replies.json(ctx, 200, toJson(saved)), ctx::fail);
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            InvalidQuery.require(body != null, "a JSON object body is required");
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "the body must be a JSON object");
        }
    }

    private static Set<Purpose> purposes(Object value) {
        if (value == null) {
            return null;
        }
        InvalidQuery.require(value instanceof JsonArray, "'purposes' must be an array of purposes, or null");
        Set<Purpose> out = EnumSet.noneOf(Purpose.class);
        for (Object p : (JsonArray) value) {
            InvalidQuery.require(p instanceof String, "'purposes' must be an array of purposes, or null");
            out.add(EventFilter.purpose((String) p));
        }
        return out;
    }

    private static Integer minGroupUsers(Object value) {
        if (value == null) {
            return null;
        }
        InvalidQuery.require(value instanceof Integer || value instanceof Long, "'minGroupUsers' must be an integer, or null");
        long k = ((Number) value).longValue();
        InvalidQuery.require(k >= 2 && k <= 1000, "'minGroupUsers' must be from 2 to 1000");
        return (int) k;
    }

    static JsonObject toJson(ScopeSetting s) {
        JsonArray purposes = null;
        if (s.purposes() != null) {
            purposes = new JsonArray();
            for (Purpose p : s.purposes().stream().sorted().toList()) {
                purposes.add(p.wireName());
            }
        }
        return new JsonObject().put("keyId", s.keyId()).put("purposes", purposes).put("minGroupUsers", s.minGroupUsers())
                .put("updatedAt", s.updatedAt().toString()).put("updatedBy", s.updatedBy()).put("reason", s.reason());
    }
}
