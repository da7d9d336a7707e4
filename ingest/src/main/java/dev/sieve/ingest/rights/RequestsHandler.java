package dev.sieve.ingest.rights;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.rights.Enqueued;
import dev.sieve.storage.rights.RightsRequests;
import dev.sieve.storage.rights.UserExport;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Users' requests: {@code POST /v1/erasures} and {@code POST /v1/accounts/closed} answer
 * {@code 202} with the job ({@code Location: /v1/rights/jobs/{id}}); {@code POST /v1/exports}
 * streams the user's data as NDJSON. Answers carry job ids and counts, never the user id.
 */
public final class RequestsHandler {
    private final RightsRequests requests;
    private final UserExport export;

    public RequestsHandler(RightsRequests requests, UserExport export) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.export = Objects.requireNonNull(export, "export");
    }

    public void erase(RoutingContext ctx) {
        JsonObject body = RightsBodies.object(ctx);
        RightsBodies.only(body, "userId", "reason");
        requests.erase(RightsBodies.userId(body), RightsBodies.actor(ctx), RightsBodies.reason(body, null),
                        RightsBodies.idempotencyKey(ctx))
                .onComplete(enqueued -> accepted(ctx, enqueued), ctx::fail);
    }

    public void closeAccount(RoutingContext ctx) {
        JsonObject body = RightsBodies.object(ctx);
        RightsBodies.only(body, "userId", "closedAt", "reason");
        requests.closeAccount(RightsBodies.userId(body), closedAt(body), RightsBodies.actor(ctx),
                        RightsBodies.reason(body, "account closed"), RightsBodies.idempotencyKey(ctx))
                .onComplete(enqueued -> accepted(ctx, enqueued), ctx::fail);
    }

    /** Streams the export; a stream that breaks off has no final {@code summary} line. */
    public void export(RoutingContext ctx) {
        JsonObject body = RightsBodies.object(ctx);
        RightsBodies.only(body, "userId", "reason");
        String userId = RightsBodies.userId(body);
        String reason = RightsBodies.reason(body, null);
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "application/x-ndjson").putHeader("Cache-Control", "no-store");
        export.export(userId, RightsBodies.actor(ctx), reason, response).onComplete(summary -> response.end(), failure -> {
            if (response.headWritten()) {
                response.reset(); // the client sees a cut stream: no summary line
            } else {
                ctx.fail(failure);
            }
        });
    }

    private static Instant closedAt(JsonObject body) {
        Object value = body.getValue("closedAt");
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse((String) value);
        } catch (ClassCastException | DateTimeParseException e) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "'closedAt' must be an RFC 3339 time in UTC");
        }
    }

    private static void accepted(RoutingContext ctx, Enqueued enqueued) {
        JsonObject job = RightsBodies.vertx(enqueued.job().toJson());
        job.remove("params"); // may hold the requester's reason; the job resource has it
        ctx.response().putHeader("Location", "/v1/rights/jobs/" + enqueued.job().id());
        RightsBodies.json(ctx, 202, new JsonObject().put("created", enqueued.created()).put("job", job));
    }
}
