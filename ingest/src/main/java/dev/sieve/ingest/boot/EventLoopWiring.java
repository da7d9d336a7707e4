package dev.sieve.ingest.boot;

import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.ingest.decode.DecodeLimits;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.ingest.formats.FormatDependencies;
import dev.sieve.ingest.formats.FormatRoutes;
import dev.sieve.ingest.http.ApiRouter;
import dev.sieve.ingest.http.EventsHandler;
import dev.sieve.ingest.http.HttpVerticle;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.storage.rights.QuarantiningSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * What one event loop owns: its way to storage ({@link LoopSink}), its enforcer and decoder, and
 * the router over them. Shared, thread-safe parts come in {@link SharedServices}. Without a sink
 * (a storage node), the router has no ingestion routes.
 */
final class EventLoopWiring implements HttpVerticle.LoopWiring {
    private final SieveConfig config;
    private final PseudonymKey pseudonymKey;
    private final SharedServices shared;
    private final Optional<LoopSink> sink;
    // Built here, on the deploying thread: loading the parser's rules takes long enough to block an event loop.
    private final UserAgentGeneralizer userAgents;

    EventLoopWiring(SieveConfig config, PseudonymKey pseudonymKey, SharedServices shared, Optional<LoopSink> sink) {
        this.config = config;
        this.pseudonymKey = pseudonymKey;
        this.shared = shared;
        this.sink = sink;
        this.userAgents = sink.isPresent() ? new UserAgentGeneralizer() : null;
    }

    @Override
    public Future<Router> build(Vertx vertx) {
        SieveConfig.Limits l = config.limits();
        DecodeLimits limits = new DecodeLimits(l.bodyBytes(), l.eventBytes(), l.batchEvents(),
                DecodeLimits.defaults().maxDepth(), DecodeLimits.defaults().maxStringLength());
        Optional<IngestPipeline> pipeline = sink.map(s -> pipeline(s.open(vertx), limits));
        Router router = ApiRouter.create(vertx, new ApiRouter.Dependencies(
                pipeline.map(p -> new EventsHandler(p, Clock.systemUTC(), config.http().trustForwardedFor())),
                shared.consentHandler(),
                shared.health(),
                shared.metricsScrape(),
                shared.apiKeys()::get,
                l.bodyBytes(),
                shared.management()));
        pipeline.ifPresent(p -> FormatRoutes.mount(router, new FormatDependencies(p, shared.apiKeys()::get,
                shared.policyStore(), limits, Clock.systemUTC(), config.http().trustForwardedFor(), config.formats())));
        return Future.succeededFuture(router);
    }

    private IngestPipeline pipeline(EventSink events, DecodeLimits limits) {
        EventDecoder decoder = new EventDecoder(limits, EventDecoder.DEFAULT_TYPE_PURPOSES, UUID::randomUUID);
        Enforcer enforcer = new Enforcer(new Pseudonymizer(pseudonymKey), userAgents);
        return new IngestPipeline(decoder, shared.consentStore(), shared.policyStore(), enforcer, events,
                shared.metrics(), shared.dryRuns(), event -> QuarantiningSink.quarantined(shared.quarantine(), event));
    }

    @Override
    public Future<Void> close() {
        return sink.map(LoopSink::close).orElse(Future.succeededFuture());
    }
}
