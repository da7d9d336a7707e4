package dev.sieve.ingest.testing;

import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.decode.DecodeLimits;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.ingest.formats.FormatDependencies;
import dev.sieve.ingest.formats.FormatRoutes;
import dev.sieve.ingest.formats.FormatSettings;
import dev.sieve.ingest.http.ApiRouter;
import dev.sieve.ingest.http.AuditHandler;
import dev.sieve.ingest.http.ConsentImportHandler;
import dev.sieve.ingest.http.PolicyHandler;
import dev.sieve.ingest.http.ProvenanceHandler;
import dev.sieve.ingest.http.PseudonymHandler;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.ingest.rights.RightsRoutes;
import dev.sieve.ingest.query.QueryRoutes;
import dev.sieve.storage.query.QuerySettings;
import dev.sieve.storage.rights.Rights;
import dev.sieve.storage.rights.RightsSettings;
import dev.sieve.storage.consent.ConsentRepository;
import dev.sieve.storage.consent.PgConsentStore;
import dev.sieve.storage.pg.EventRows;
import dev.sieve.storage.policy.PolicyRepository;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import dev.sieve.ingest.http.ConsentHandler;
import dev.sieve.ingest.http.EventsHandler;
import dev.sieve.ingest.http.HealthHandler;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.ingest.metrics.MetricsScrape;
import dev.sieve.ingest.pipeline.IngestPipeline;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real router on a real HTTP server, with an in-memory sink and consent registry: the
 * component-test harness. One per test class.
 */
public final class ComponentApp implements AutoCloseable {
    public static final String WRITER_KEY = "test-writer-key-0123456789";
    public static final String CONSENT_KEY = "test-consent-key-0123456789";
    public static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public final InMemoryEventSink sink = new InMemoryEventSink();
    public final InMemoryConsent consent = new InMemoryConsent();
    public final AtomicReference<Policy> policy = new AtomicReference<>(DefaultPolicy.create());
    public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Router router;

    public ComponentApp(int maxBodyBytes) throws Exception {
        this(maxBodyBytes, true);
    }

    /** @param mountFormats whether the SDK wire-format routes are mounted as in the service */
    public ComponentApp(int maxBodyBytes, boolean mountFormats) throws Exception {
        IngestMetrics metrics = new IngestMetrics(registry);
        Enforcer enforcer = new Enforcer(new Pseudonymizer(new PseudonymKey("k1", SECRET)), new UserAgentGeneralizer());
        DecodeLimits limits = new DecodeLimits(maxBodyBytes, 32 * 1024, 2500, 8, 8 * 1024);
        EventDecoder decoder = new EventDecoder(limits, Map.of("crash", dev.sieve.enforcement.consent.Purpose.DIAGNOSTICS),
                UUID::randomUUID);
        DryRuns dryRuns = new DryRuns(Clock.systemUTC());
        IngestPipeline pipeline = new IngestPipeline(decoder, consent, () -> Optional.ofNullable(policy.get()),
                enforcer, sink, metrics, dryRuns);
        ApiKeys keys = new ApiKeys(Map.of(ApiKeys.sha256(WRITER_KEY), Role.WRITER,
                ApiKeys.sha256(CONSENT_KEY), Role.CONSENT));
        router = ApiRouter.create(vertx, new ApiRouter.Dependencies(
                Optional.of(new EventsHandler(pipeline, Clock.systemUTC(), false)),
                new ConsentHandler(consent),
                new HealthHandler(List.of()),
                new MetricsScrape(registry),
                () -> keys,
                maxBodyBytes,
                unreachableManagement(dryRuns)));
        if (mountFormats) {
            FormatRoutes.mount(router, new FormatDependencies(pipeline, () -> keys, () -> Optional.ofNullable(policy.get()),
                    limits, Clock.systemUTC(), false, FormatSettings.defaults()));
        }
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * The privacy team's handlers over a database that is never reached: component tests cover the
     * ingest path; the management API is tested against a real PostgreSQL in the integration tests.
     */
    private ApiRouter.Management unreachableManagement(DryRuns dryRuns) {
        Pool nowhere = PgBuilder.pool().connectingTo(new PgConnectOptions().setPort(1)).using(vertx).build();
        PolicyRepository policies = new PolicyRepository(nowhere, new AuditLog(nowhere));
        return new ApiRouter.Management(
                new PolicyHandler(policies, () -> Optional.ofNullable(policy.get()), dryRuns),
                new AuditHandler(new AuditLog(nowhere)),
                new ProvenanceHandler(new EventRows(nowhere), policies),
                new PseudonymHandler(new PseudonymKeyRing(new PseudonymKey("k1", SECRET), List.of()), Clock.systemUTC()),
                new ConsentImportHandler(new ConsentRepository(nowhere, new PgConsentStore(nowhere))),
                RightsRoutes.Handlers.of(Rights.create(vertx, nowhere, new AuditLog(nowhere),
                        new PseudonymKeyRing(new PseudonymKey("k1", SECRET), List.of()), Clock.systemUTC(),
                        RightsSettings.DEFAULTS)),
                QueryRoutes.handlers(nowhere, QuerySettings.DEFAULTS, new AuditLog(nowhere)));
    }

    public Router router() {
        return router;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
