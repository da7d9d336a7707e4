package dev.sieve.ingest.formats.segment;

import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.ingest.auth.Principal;
import dev.sieve.ingest.formats.edge.ClientAddress;
import dev.sieve.ingest.formats.edge.IngestAnswers;
import dev.sieve.ingest.formats.edge.WriterKeys;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.WireBatch;
import dev.sieve.ingest.http.EventBodyReader;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.pipeline.IngestReceipt;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * The Segment Tracking API routes: decode, check the write key, ingest, and answer Segment's
 * {@code 200 {"success": true}} once the stored events are durable. One per event loop.
 */
public final class SegmentHandler {
    static final String KEY_HINT = "send the write key as the Basic auth user or as 'writeKey' in the body";

    private final SegmentDecoder decoder;
    private final IngestPipeline pipeline;
    private final WriterKeys writers;
    private final PolicyStore policies;
    private final Clock clock;
    private final ClientAddress address;

    public SegmentHandler(SegmentDecoder decoder, IngestPipeline pipeline, WriterKeys writers, PolicyStore policies,
                          Clock clock, ClientAddress address) {
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.writers = writers;
        this.policies = policies;
        this.clock = clock;
        this.address = address;
    }

    public Handler<RoutingContext> handlerFor(SegmentCall call) {
        return ctx -> handle(ctx, call);
    }

    private void handle(RoutingContext ctx, SegmentCall call) {
        HttpServerRequest req = ctx.request();
        String authorization = req.getHeader("Authorization");
        try {
            String basicUser = SegmentDecoder.basicUser(authorization);
            if (basicUser != null) {
                writers.requireOne(List.of(basicUser), KEY_HINT); // refuse before reading a stranger's body
            }
            WireBatch decoded = decoder.decode(new SegmentRequest(call,
                    EventBodyReader.body(ctx),
                    req.getHeader("Content-Type"), req.getHeader("Content-Encoding"), authorization,
                    address.of(req), clock.instant()), ConsentCategories.current(policies));
            Principal principal = writers.requireOne(decoded.credentials(), KEY_HINT);
            ctx.put(Principal.CONTEXT_KEY, principal);
            IngestAnswers.deliver(ctx, pipeline, decoded.batch(), SegmentHandler::success);
        } catch (SieveException e) {
            ctx.fail(e);
        }
    }

    /** Segment's answer; indexes Sieve rejected are added for debugging (the SDKs ignore the body). */
    private static void success(RoutingContext ctx, IngestReceipt receipt) {
        JsonObject body = new JsonObject().put("success", true);
        if (!receipt.rejected().isEmpty()) {
            body.put("rejected", IngestAnswers.rejections(receipt.rejected()));
        }
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
