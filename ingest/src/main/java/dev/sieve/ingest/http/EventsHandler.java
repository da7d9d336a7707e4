package dev.sieve.ingest.http;

import dev.sieve.enforcement.DropReason;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.ingest.decode.Rejection;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.pipeline.IngestReceipt;
import dev.sieve.ingest.pipeline.IngestRequest;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/events}: hands the body to the pipeline and answers 200 with the receipt once
 * every stored event is durable; 400 when no event of the request was valid.
 */
public final class EventsHandler implements Handler<RoutingContext> {
    private final IngestPipeline pipeline;
    private final Clock clock;
    private final boolean trustForwardedFor;

    public EventsHandler(IngestPipeline pipeline, Clock clock, boolean trustForwardedFor) {
        this.pipeline = pipeline;
        this.clock = clock;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        IngestRequest request = new IngestRequest(
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes(),
                req.getHeader("Content-Type"),
                req.getHeader("Content-Encoding"),
                clientIp(req),
                clock.instant());
        pipeline.ingest(request).onComplete(
                receipt -> answer(ctx, receipt),
                ctx::fail);
    }

    private void answer(RoutingContext ctx, IngestReceipt receipt) {
        JsonArray rejected = rejections(receipt.rejected());
        if (receipt.received() > 0 && receipt.rejected().size() == receipt.received()) {
            Problems.write(ctx, ErrorCode.INVALID_EVENT, "no event of the request is valid; see 'rejected'",
                    new JsonObject().put("rejected", rejected));
            return;
        }
        JsonObject dropped = new JsonObject().put("total", receipt.droppedTotal());
        for (DropReason r : DropReason.values()) {
            dropped.put(r.wireName(), receipt.dropped().getOrDefault(r, 0));
        }
        JsonObject body = new JsonObject()
                .put("received", receipt.received())
                .put("accepted", receipt.accepted())
                .put("stored", receipt.stored())
                .put("duplicates", receipt.duplicates())
                .put("dropped", dropped)
                .put("rejected", rejected);
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static JsonArray rejections(List<Rejection> rejections) {
        JsonArray out = new JsonArray();
        for (Rejection r : rejections) {
            out.add(new JsonObject().put("index", r.index()).put("code", r.code().wireName()).put("message", r.message()));
        }
        return out;
    }

    private String clientIp(HttpServerRequest req) {
        if (trustForwardedFor) {
            String forwarded = req.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                int comma = forwarded.indexOf(',');
                return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            }
        }
        SocketAddress remote = req.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
