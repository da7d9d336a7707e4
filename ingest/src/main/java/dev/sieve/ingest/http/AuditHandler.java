package dev.sieve.ingest.http;

import dev.sieve.storage.audit.AuditLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/audit} (pages of the hash-chained log) and {@code GET /v1/audit/verify}. */
public final class AuditHandler {
    private final AuditLog log;

    public AuditHandler(AuditLog log) {
        this.log = log;
    }

    public void list(RoutingContext ctx) {
        long after = ctx.queryParams().contains("after") ? RequestBodies.longParam(ctx, "after", 0, Long.MAX_VALUE) : 0;
        int limit = ctx.queryParams().contains("limit") ? (int) RequestBodies.longParam(ctx, "limit", 1, 1000) : 100;
        log.list(after, limit).onComplete(entries -> {
            JsonArray out = new JsonArray();
            entries.forEach(e -> out.add(new JsonObject(e.toJson().toString())));
            RequestBodies.json(ctx, 200, new JsonObject().put("entries", out));
        }, ctx::fail);
    }

    public void verify(RoutingContext ctx) {
        log.verify().onComplete(result -> RequestBodies.json(ctx, 200, new JsonObject(result.toJson().toString())),
                ctx::fail);
    }
}
