package dev.sieve.ingest.formats.snowplow;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.policy.PolicyStore;
import dev.sieve.ingest.auth.Principal;
import dev.sieve.ingest.formats.edge.ClientAddress;
import dev.sieve.ingest.formats.edge.IngestAnswers;
import dev.sieve.ingest.formats.edge.TrackingPixel;
import dev.sieve.ingest.formats.edge.WriterKeys;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.WireBatch;
import dev.sieve.ingest.http.EventBodyReader;
import dev.sieve.ingest.pipeline.IngestPipeline;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Snowplow collector routes. Authorisation: {@code Authorization: Bearer <writer key>} when
 * sent (server-side trackers can add headers), else every event's {@code aid} must be a
 * registered app id ({@link SnowplowApps}) whose writer key is valid. Answers once the stored
 * events are durable: 200 to the POST, the transparent GIF to {@code GET /i}. One per event loop.
 */
public final class SnowplowHandler {
    static final String KEY_HINT = "register the tracker's app id (aid) with Sieve, or send Authorization: Bearer <writer key>";

    private final SnowplowDecoder decoder;
    private final IngestPipeline pipeline;
    private final WriterKeys writers;
    private final SnowplowApps apps;
    private final PolicyStore policies;
    private final Clock clock;
    private final ClientAddress address;

    public SnowplowHandler(SnowplowDecoder decoder, IngestPipeline pipeline, WriterKeys writers, SnowplowApps apps,
                           PolicyStore policies, Clock clock, ClientAddress address) {
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.writers = writers;
        this.apps = apps;
        this.policies = policies;
        this.clock = clock;
        this.address = address;
    }

    public void post(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        try {
            WireBatch decoded = decoder.decodePost(EventBodyReader.body(ctx),
                    req.getHeader("Content-Type"), req.getHeader("Content-Encoding"), request(req),
                    ConsentCategories.current(policies));
            authorise(ctx, decoded);
            IngestAnswers.deliver(ctx, pipeline, decoded.batch(), (c, receipt) -> c.response().setStatusCode(200).end());
        } catch (SieveException e) {
            ctx.fail(e);
        }
    }

    public void pixel(RoutingContext ctx) {
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        try {
            WireBatch decoded = decoder.decodeGet(query, request(ctx.request()), ConsentCategories.current(policies));
            authorise(ctx, decoded);
            IngestAnswers.deliver(ctx, pipeline, decoded.batch(), (c, receipt) -> TrackingPixel.send(c));
        } catch (SieveException e) {
            ctx.fail(e);
        }
    }

    private SnowplowRequest request(HttpServerRequest req) {
        return new SnowplowRequest(req.getHeader("SP-Anonymous") != null, address.of(req), req.getHeader("User-Agent"),
                clock.instant());
    }

    private void authorise(RoutingContext ctx, WireBatch decoded) {
        String bearer = bearer(ctx.request().getHeader("Authorization"));
        Principal principal;
        if (bearer != null) {
            principal = writers.requireOne(List.of(bearer), KEY_HINT);
        } else {
            if (decoded.missingCredential()) {
                throw new SieveException(ErrorCode.UNAUTHORIZED, "every event needs an app id (aid): " + KEY_HINT);
            }
            principal = writers.requireEach(apps.writerKeysOf(decoded.credentials()), KEY_HINT);
        }
        ctx.put(Principal.CONTEXT_KEY, principal);
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
