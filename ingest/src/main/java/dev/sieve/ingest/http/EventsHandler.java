package dev.sieve.ingest.http;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.pipeline.IngestReceipt;
import dev.sieve.ingest.pipeline.IngestRequest;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code POST /v1/events}: hands the body to the pipeline and answers 200 with the receipt once
 * every stored event is durable; 400 when no event of the request was valid.
 */
public final class EventsHandler implements Handler<RoutingContext> {
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

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
                EventBodyReader.body(ctx),
                req.getHeader("Content-Type"),
                req.getHeader("Content-Encoding"),
                clientIp(req),
                clock.instant());
        pipeline.ingest(request).onComplete(
                receipt -> answer(ctx, receipt),
                ctx::fail);
    }

    private void answer(RoutingContext ctx, IngestReceipt receipt) {
        if (receipt.received() > 0 && receipt.rejected().size() == receipt.received()) {
            Problems.write(ctx, ErrorCode.INVALID_EVENT, "no event of the request is valid; see 'rejected'",
                    new JsonObject().put("rejected", ReceiptJson.rejections(receipt.rejected())));
            return;
        }
        ctx.response().putHeader(CONTENT_TYPE, APPLICATION_JSON).end(ReceiptJson.encode(receipt));
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
