package dev.sieve.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /health/live} (the process answers) and {@code /health/ready} (every check passes). */
public final class HealthHandler {
    private final List<ReadinessCheck> checks;

    public HealthHandler(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public void live(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end("{\"status\":\"up\"}");
    }

    public void ready(RoutingContext ctx) {
        JsonObject details = new JsonObject();
        List<Future<Void>> results = checks.stream()
                .map(c -> c.check()
                        .timeout(2, java.util.concurrent.TimeUnit.SECONDS)
                        .onSuccess(v -> details.put(c.name(), "up"))
                        .onFailure(e -> details.put(c.name(), "down")))
                .toList();
        Future.join(results).onComplete(done -> {
            boolean up = done.succeeded();
            ctx.response()
                    .setStatusCode(up ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", up ? "up" : "down").put("checks", details).encode());
        });
    }
}
