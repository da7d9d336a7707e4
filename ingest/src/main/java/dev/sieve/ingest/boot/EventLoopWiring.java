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
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.rights.QuarantiningSink;
import dev.sieve.storage.pg.WriterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.UUID;

/**
 * What one event loop owns: its pool, its group-commit writer, its enforcer and decoder, and the
 * router over them. Shared, thread-safe parts come in {@link SharedServices}.
 */
final class EventLoopWiring implements HttpVerticle.LoopWiring {
    private final SieveConfig config;
    private final PgConnectOptions connect;
    private final PseudonymKey pseudonymKey;
    private final SharedServices shared;
    // Built here, on the deploying thread: loading the parser's rules takes long enough to block an event loop.
    private final UserAgentGeneralizer userAgents = new UserAgentGeneralizer();
    private Pool pool;
    private GroupCommitWriter writer;

    EventLoopWiring(SieveConfig config, PgConnectOptions connect, PseudonymKey pseudonymKey, SharedServices shared) {
        this.config = config;
        this.connect = connect;
        this.pseudonymKey = pseudonymKey;
        this.shared = shared;
    }

    @Override
    public Future<Router> build(Vertx vertx) {
        pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(config.pgPoolSize()))
                .connectingTo(connect)
                .using(vertx)
                .build();
        SieveConfig.Writer w = config.writer();
        writer = new GroupCommitWriter(vertx, pool,
                new WriterSettings(w.batchRows(), w.batchDelay(), w.inFlightBatches(), w.queueRows()),
                shared.writerObserver());
        shared.writers().add(writer);
        SieveConfig.Limits l = config.limits();
        DecodeLimits limits = new DecodeLimits(l.bodyBytes(), l.eventBytes(), l.batchEvents(),
                DecodeLimits.defaults().maxDepth(), DecodeLimits.defaults().maxStringLength());
        EventDecoder decoder = new EventDecoder(limits, EventDecoder.DEFAULT_TYPE_PURPOSES, UUID::randomUUID);
        Enforcer enforcer = new Enforcer(new Pseudonymizer(pseudonymKey), userAgents);
        IngestPipeline pipeline = new IngestPipeline(decoder, shared.consentStore(), shared.policyStore(),
                enforcer, writer, shared.metrics(), shared.dryRuns(),
                event -> QuarantiningSink.quarantined(shared.quarantine(), event));
        Router router = ApiRouter.create(vertx, new ApiRouter.Dependencies(
                new EventsHandler(pipeline, Clock.systemUTC(), config.http().trustForwardedFor()),
                shared.consentHandler(),
                shared.health(),
                shared.metricsScrape(),
                shared.apiKeys()::get,
                l.bodyBytes(),
                shared.management()));
        FormatRoutes.mount(router, new FormatDependencies(pipeline, shared.apiKeys()::get, shared.policyStore(),
                limits, Clock.systemUTC(), config.http().trustForwardedFor(), config.formats()));
        return Future.succeededFuture(router);
    }

    @Override
    public Future<Void> close() {
        if (writer != null) {
            shared.writers().remove(writer);
        }
        return pool == null ? Future.succeededFuture() : pool.close();
    }
}
