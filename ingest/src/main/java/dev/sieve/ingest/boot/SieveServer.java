package dev.sieve.ingest.boot;

import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.ingest.http.ConsentHandler;
import dev.sieve.ingest.http.HealthHandler;
import dev.sieve.ingest.http.HttpVerticle;
import dev.sieve.ingest.http.ReadinessCheck;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.storage.auth.ApiKeyRepository;
import dev.sieve.storage.consent.ConsentRepository;
import dev.sieve.storage.consent.PgConsentStore;
import dev.sieve.storage.embedded.EmbeddedPostgresServer;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.Migrations;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.policy.PgPolicyStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sieve: the composition root's product. {@link #start} runs the blocking steps
 * (embedded PostgreSQL, Flyway) before any verticle exists, then deploys one HTTP verticle per
 * event loop.
 */
public final class SieveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SieveServer.class);
    private static final Duration AWAIT = Duration.ofSeconds(60);

    private final SieveConfig config;
    private final EmbeddedPostgresServer embedded;
    private final DevSecrets devSecrets;
    private final PgUri pgUri;
    private final Vertx vertx;
    private final Pool controlPool;

    private SieveServer(SieveConfig config, EmbeddedPostgresServer embedded, DevSecrets devSecrets, PgUri pgUri,
                        Vertx vertx, Pool controlPool) {
        this.config = config;
        this.embedded = embedded;
        this.devSecrets = devSecrets;
        this.pgUri = pgUri;
        this.vertx = vertx;
        this.controlPool = controlPool;
    }

    /** Starts everything and returns once the HTTP port is listening. */
    public static SieveServer start(SieveConfig config) {
        if (config.developmentMode()) {
            createDirectories(config);
        }
        EmbeddedPostgresServer embedded = config.developmentMode()
                ? EmbeddedPostgresServer.start(config.dataDir().toAbsolutePath(), 0, true) : null;
        DevSecrets dev = config.developmentMode() ? DevSecrets.loadOrCreate(config.dataDir()) : null;
        String rawUri = embedded != null ? embedded.uri() : config.pgUrl().orElseThrow();
        PgUri pgUri = PgUri.parse(rawUri);
        try {
            Migrations.migrate(rawUri);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Vertx vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE))))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
            Pool control = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                    .connectingTo(pgUri.connectOptions()).using(vertx).build();
            SieveServer server = new SieveServer(config, embedded, dev, pgUri, vertx, control);
            server.deploy(registry);
            return server;
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private void deploy(PrometheusMeterRegistry registry) {
        PgConsentStore consentStore = new PgConsentStore(controlPool, config.consentCacheSize(),
                PgConsentStore.DEFAULT_EXPIRE_AFTER_WRITE);
        PgPolicyStore policyStore = new PgPolicyStore(controlPool);
        ApiKeyRepository keyRepository = new ApiKeyRepository(controlPool);
        AtomicReference<ApiKeys> apiKeys = new AtomicReference<>(new ApiKeys(java.util.Map.of()));
        Maintenance maintenance = new Maintenance(controlPool, config.dedupeWindow());

        bootstrapKeys(keyRepository).compose(v -> KeyLoader.load(keyRepository, apiKeys))
                .compose(v -> policyStore.load())
                .compose(v -> maintenance.run())
                .timeout(AWAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .await();

        IngestMetrics metrics = new IngestMetrics(registry);
        List<GroupCommitWriter> writers = new CopyOnWriteArrayList<>();
        metrics.gauge("sieve.writer.queued.rows", "Rows waiting in the group-commit writers", writers,
                ws -> ws.stream().mapToInt(GroupCommitWriter::queuedRows).sum());
        metrics.gauge("sieve.writer.inflight.batches", "Batches committing now", writers,
                ws -> ws.stream().mapToInt(GroupCommitWriter::inFlightBatches).sum());
        List<ReadinessCheck> checks = List.of(
                check("database", () -> controlPool.query("SELECT 1").execute().mapEmpty()),
                check("policy", () -> policyStore.active().isPresent()
                        ? Future.succeededFuture() : Future.failedFuture("no policy loaded")));
        SharedServices shared = new SharedServices(consentStore,
                new ConsentHandler(new ConsentRepository(controlPool, consentStore)), policyStore, apiKeys,
                metrics, new MeteredWriterObserver(metrics), writers, new HealthHandler(checks),
                PrometheusScrapingHandler.create(registry));

        PseudonymKey key = new PseudonymKey(config.pseudonymKeyId(),
                config.pseudonymKey().orElseGet(() -> devSecrets.pseudonymKey()));
        vertx.deployVerticle(() -> new HttpVerticle(new EventLoopWiring(config, pgUri.connectOptions(), key, shared),
                        config.http().host(), config.http().port()),
                new DeploymentOptions().setInstances(config.http().eventLoops())).await();

        vertx.setPeriodic(Duration.ofSeconds(30).toMillis(), id -> KeyLoader.load(keyRepository, apiKeys));
        vertx.setPeriodic(Duration.ofSeconds(30).toMillis(), id -> policyStore.load());
        vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> maintenance.run());
    }

    private Future<Void> bootstrapKeys(ApiKeyRepository repository) {
        SieveConfig.BootstrapKeys keys = config.keys();
        return Future.all(List.of(
                ensure(repository, keys.writer().or(() -> devKey(Role.WRITER)), Role.WRITER),
                ensure(repository, keys.consent().or(() -> devKey(Role.CONSENT)), Role.CONSENT),
                ensure(repository, keys.privacyAdmin().or(() -> devKey(Role.PRIVACY_ADMIN)), Role.PRIVACY_ADMIN),
                ensure(repository, keys.analyst().or(() -> devKey(Role.ANALYST)), Role.ANALYST))).mapEmpty();
    }

    private static Future<Void> ensure(ApiKeyRepository repository, java.util.Optional<String> key, Role role) {
        return key.map(k -> repository.ensure(k, role.wireName(), "bootstrap " + role.wireName()))
                .orElse(Future.succeededFuture());
    }

    private java.util.Optional<String> devKey(Role role) {
        if (devSecrets == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(switch (role) {
            case WRITER -> devSecrets.writerKey();
            case CONSENT -> devSecrets.consentKey();
            case PRIVACY_ADMIN -> devSecrets.privacyAdminKey();
            case ANALYST -> devSecrets.analystKey();
        });
    }

    private static ReadinessCheck check(String name, java.util.function.Supplier<Future<Void>> probe) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Void> check() {
                return probe.get();
            }
        };
    }

    private static void createDirectories(SieveConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }

    /** What a person needs to start sending events. Keys are printed only in development mode. */
    public void printBanner(PrintStream out) {
        String base = "http://" + ("0.0.0.0".equals(config.http().host()) ? "localhost" : config.http().host())
                + ":" + config.http().port();
        out.println();
        out.println("Sieve is running at " + base);
        out.println("  PostgreSQL: " + pgUri + (embedded != null
                ? " (embedded, data in " + config.dataDir().toAbsolutePath().normalize() + ")" : ""));
        if (devSecrets != null) {
            out.println("  Development keys (kept in " + config.dataDir().resolve("dev-secrets.properties") + "):");
            out.println("    writer:        " + config.keys().writer().orElse(devSecrets.writerKey()));
            out.println("    consent:       " + config.keys().consent().orElse(devSecrets.consentKey()));
            out.println("    privacy-admin: " + config.keys().privacyAdmin().orElse(devSecrets.privacyAdminKey()));
            out.println("    analyst:       " + config.keys().analyst().orElse(devSecrets.analystKey()));
        }
        out.println("  Try: curl -s " + base + "/v1/events -H 'Authorization: Bearer <writer key>' \\");
        out.println("         -H 'Content-Type: application/json' -d '{\"type\":\"page_view\",\"userId\":\"u-1\"}'");
        out.println("  API: " + base + "/openapi.yaml   health: " + base + "/health/ready   metrics: " + base + "/metrics");
        out.println();
        out.flush();
    }

    @Override
    public void close() {
        try {
            vertx.close().await();
        } catch (RuntimeException e) {
            LOG.warn("closing Vert.x failed: {}", e.getClass().getSimpleName());
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
