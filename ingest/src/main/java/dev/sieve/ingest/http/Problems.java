package dev.sieve.ingest.http;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.InvalidPolicyException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an {@code application/problem+json} answer (RFC 9457).
 * Details come from {@link SieveException} messages, which never carry personal data; anything
 * else is answered as a bare internal error and logged by class name only.
 */
public final class Problems implements Handler<RoutingContext> {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof SieveException se) {
            write(ctx, se.code(), se.getMessage(), null);
        } else if (failure instanceof InvalidPolicyException invalid) {
            // Problems name document paths and the document's own keys, never event data.
            write(ctx, ErrorCode.INVALID_REQUEST, "the policy document is invalid; see 'problems'",
                    new JsonObject().put("problems", new io.vertx.core.json.JsonArray(invalid.problems())));
        } else if (failure == null && ctx.statusCode() > 0) {
            ErrorCode code = fromStatus(ctx.statusCode());
            write(ctx, code, code.title(), null);
        } else {
            // The exception text may hold request data; log only where it came from.
            LOG.error("unhandled failure on {} {}: {}", ctx.request().method(), ctx.currentRoute() == null
                    ? "?" : ctx.currentRoute().getPath(), failure == null ? "?" : failure.getClass().getName());
            write(ctx, ErrorCode.INTERNAL, "internal error", null);
        }
    }

    /** Writes a problem answer, with optional extension members. */
    public static void write(RoutingContext ctx, ErrorCode code, String detail, JsonObject extensions) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "urn:sieve:problem:" + code.slug())
                .put("title", code.title())
                .put("status", code.httpStatus())
                .put("detail", detail);
        if (extensions != null) {
            body.mergeIn(extensions);
        }
        ctx.response().setStatusCode(code.httpStatus()).putHeader("Content-Type", CONTENT_TYPE);
        if (code.httpStatus() == 503) {
            ctx.response().putHeader("Retry-After", "1");
        }
        if (code == ErrorCode.UNAUTHORIZED) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        ctx.response().end(body.encode());
    }

    private static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.STORAGE_UNAVAILABLE;
            default -> ErrorCode.INTERNAL;
        };
    }
}
