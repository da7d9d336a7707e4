package dev.sieve.ingest.rights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.auth.Principal;
import dev.sieve.storage.rights.Subjects;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * Strict readers for the rights API's bodies and parameters. Problems name fields and limits,
 * never values: a user id is personal data and must not come back in an answer or a log line.
 */
final class RightsBodies {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_REASON = 1_000;
    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private RightsBodies() {
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

    /** The mandatory {@code userId}: 1-200 characters. */
    static String userId(JsonObject body) {
        if (!(body.getValue("userId") instanceof String id) || id.isEmpty() || id.length() > Subjects.MAX_ID_LENGTH) {
            throw new SieveException(ErrorCode.INVALID_REQUEST,
                    "'userId' must be a string of 1-" + Subjects.MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    /** The {@code reason}: mandatory unless a default is given. */
    static String reason(JsonObject body, String fallback) {
        Object reason = body.getValue("reason");
        if (reason == null && fallback != null) {
            return fallback;
        }
        if (!(reason instanceof String text) || text.isBlank()) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "this request needs a non-empty 'reason'");
        }
        if (text.length() > MAX_REASON) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'reason' is limited to " + MAX_REASON + " characters");
        }
        return text;
    }

    /** The optional {@code Idempotency-Key} header (stored hashed only). */
    static String idempotencyKey(RoutingContext ctx) {
        String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
        if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            throw new SieveException(ErrorCode.INVALID_REQUEST,
                    "'" + IDEMPOTENCY_KEY + "' must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
        return key;
    }

    /** Fields of the body other than {@code allowed} are refused, by name (names are the client's own keys). */
    static void only(JsonObject body, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (String name : body.fieldNames()) {
            if (!known.contains(name)) {
                throw new SieveException(ErrorCode.INVALID_REQUEST, "unknown field; allowed: "
                        + String.join(", ", allowed));
            }
        }
    }

    static UUID uuidParam(RoutingContext ctx, String name) {
        try {
            return UUID.fromString(ctx.pathParam(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SieveException(ErrorCode.NOT_FOUND, "no job with this id");
        }
    }

    static String actor(RoutingContext ctx) {
        Principal p = ctx.get(Principal.CONTEXT_KEY);
        return p == null ? "unknown" : p.actor();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }

    /** A Jackson tree from storage as a Vert.x JSON object. */
    static JsonObject vertx(JsonNode node) {
        return new JsonObject(node.toString());
    }
}
