package dev.sieve.ingest.formats.posthog;

import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.auth.Principal;
import dev.sieve.ingest.formats.edge.ClientAddress;
import dev.sieve.ingest.formats.edge.IngestAnswers;
import dev.sieve.ingest.formats.edge.WriterKeys;
import dev.sieve.ingest.formats.wire.WireBatch;
import dev.sieve.ingest.http.EventBodyReader;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.pipeline.IngestReceipt;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The PostHog capture routes: decode, check the project token against the writer keys, ingest,
 * and answer PostHog's {@code 200 {"status": 1}} (or {@code 204} for {@code ?beacon=1}, which
 * {@code navigator.sendBeacon} cannot read anyway) once the stored events are durable.
 * One per event loop.
 */
public final class PostHogHandler implements Handler<RoutingContext> {
    static final String KEY_HINT = "send a writer key as the project token ('api_key', 'token' or '$token')";

    private final PostHogDecoder decoder;
    private final IngestPipeline pipeline;
    private final WriterKeys writers;
    private final Clock clock;
    private final ClientAddress address;

    public PostHogHandler(PostHogDecoder decoder, IngestPipeline pipeline, WriterKeys writers, Clock clock,
                          ClientAddress address) {
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.writers = writers;
        this.clock = clock;
        this.address = address;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        MultiMap query = ctx.queryParams();
        try {
            WireBatch decoded = decoder.decode(new PostHogRequest(
                    EventBodyReader.body(ctx),
                    query.get("data"), query.get("_"), req.getHeader("Content-Type"), req.getHeader("Content-Encoding"),
                    address.of(req), clock.instant()));
            Principal principal = writers.requireOne(decoded.credentials(), KEY_HINT);
            ctx.put(Principal.CONTEXT_KEY, principal);
            boolean beacon = "1".equals(query.get("beacon")) || "true".equalsIgnoreCase(query.get("beacon"));
            IngestAnswers.deliver(ctx, pipeline, decoded.batch(), beacon ? PostHogHandler::beacon : PostHogHandler::ok);
        } catch (SieveException e) {
            ctx.fail(e);
        }
    }

    private static void ok(RoutingContext ctx, IngestReceipt receipt) {
        JsonObject body = new JsonObject().put("status", 1);
        if (!receipt.rejected().isEmpty()) {
            body.put("rejected", IngestAnswers.rejections(receipt.rejected()));
        }
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static void beacon(RoutingContext ctx, IngestReceipt receipt) {
        ctx.response().setStatusCode(204).end();
    }
}
