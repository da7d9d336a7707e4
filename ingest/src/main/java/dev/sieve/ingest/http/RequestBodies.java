package dev.sieve.ingest.http;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.auth.Principal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small, strict readers for the JSON bodies and parameters of the management APIs. */
final class RequestBodies {
    private RequestBodies() {
    }

    static JsonObject object(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new SieveException(ErrorCode.INVALID_REQUEST, "a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new SieveException(ErrorCode.MALFORMED_JSON, "the body must be a JSON object");
        }
    }

    /** The mandatory {@code reason} of every change. */
    static String reason(JsonObject body) {
        Object reason = body.getValue("reason");
        if (!(reason instanceof String text) || text.isBlank()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "every change needs a non-empty 'reason'");
        }
        if (text.length() > 1000) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'reason' is limited to 1000 characters");
        }
        return text;
    }

    static long longParam(RoutingContext ctx, String name, long min, long max) {
        String text = ctx.pathParam(name) != null ? ctx.pathParam(name) : ctx.queryParams().get(name);
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'" + name + "' must be an integer from " + min
                    + " to " + max);
        }
    }

    static long optionalLong(JsonObject body, String name, long fallback, long min, long max) {
        Object v = body.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.longValue() < min || n.longValue() > max
                || n.doubleValue() != n.longValue()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'" + name + "' must be an integer from " + min
                    + " to " + max);
        }
        return n.longValue();
    }

    static String actor(RoutingContext ctx) {
        Principal p = ctx.get(Principal.CONTEXT_KEY);
        return p == null ? "unknown" : p.actor();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
