package dev.sieve.ingest.query;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.auth.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small shared pieces of the analyst handlers: who asks, and JSON answers. */
final class Replies {
    private Replies() {
    }

    /** The key id of the authenticated caller (set by {@code BearerAuth}). */
    static String keyId(RoutingContext ctx) {
        Principal p = ctx.get(Principal.CONTEXT_KEY);
        if (p == null) {
            throw new SieveException(ErrorCode.UNAUTHORIZED, "send Authorization: Bearer <key>");
        }
        return p.keyId();
    }

    static String actor(RoutingContext ctx) {
        Principal p = ctx.get(Principal.CONTEXT_KEY);
        return p == null ? "unknown" : p.actor();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
