package dev.sieve.ingest.boot;

import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.config.NodeRole;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.ingest.http.HttpVerticle;
import dev.sieve.ingest.metrics.BrokenVertxGauges;
import dev.sieve.ingest.metrics.ResponseTimeHistogram;
import dev.sieve.storage.embedded.EmbeddedPostgresServer;
import dev.sieve.storage.pg.Migrations;
import dev.sieve.storage.pg.PgUri;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sieve: the composition root's product. {@link #start} runs the blocking steps
 * (embedded PostgreSQL, Flyway, the Kafka topic) before any verticle exists, starts the
 * {@link ControlPlane}, then deploys one HTTP verticle per event loop and, on a storage node, the
 * Kafka storage consumers ({@link KafkaNode}).
 */
public final class SieveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SieveServer.class);

    private final SieveConfig config;
    private final EmbeddedPostgresServer embedded;
    private final BootstrapKeys keys;
    private final PgUri pgUri;
    private final Vertx vertx;
    private final ControlPlane control;
    private final KafkaNode kafka;

    private SieveServer(SieveConfig config, EmbeddedPostgresServer embedded, BootstrapKeys keys, PgUri pgUri,
                        Vertx vertx, ControlPlane control, KafkaNode kafka) {
        this.config = config;
        this.embedded = embedded;
        this.keys = keys;
        this.pgUri = pgUri;
        this.vertx = vertx;
        this.control = control;
        this.kafka = kafka;
    }

    /** Starts everything and returns once the HTTP port is listening. */
    public static SieveServer start(SieveConfig config) {
        if (config.developmentMode()) {
            createDirectories(config);
        }
        EmbeddedPostgresServer embedded = config.developmentMode()
                ? EmbeddedPostgresServer.start(config.dataDir().toAbsolutePath(), 0, true, config.embeddedPgSettings())
                : null;
        Vertx vertx = null;
        KafkaNode kafka = null;
        try {
            DevSecrets dev = config.developmentMode() ? DevSecrets.loadOrCreate(config.dataDir()) : null;
            String rawUri = embedded != null ? embedded.uri() : config.pgUrl().orElseThrow();
            PgUri pgUri = PgUri.parse(rawUri);
            Migrations.migrate(rawUri);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().meterFilter(BrokenVertxGauges.deny()).meterFilter(ResponseTimeHistogram.publish());
            vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            // NAMESPACE: each PostgreSQL pool's SQL client meters carry its name (NamedPool).
                            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE,
                                    Label.POOL_TYPE, Label.POOL_NAME, Label.NAMESPACE))))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
            BootstrapKeys keys = new BootstrapKeys(config.keys(), dev);
            PseudonymKeyRing ring = new PseudonymKeyRing(new PseudonymKey(config.pseudonymKeyId(),
                    config.pseudonymKey().orElseGet(() -> dev.pseudonymKey())), config.previousPseudonymKeys());
            kafka = config.kafka().isPresent() ? KafkaNode.start(vertx, config.role(), config.kafka().get()) : null;
            ControlPlane control = ControlPlane.start(vertx, config, pgUri, keys, ring, registry,
                    kafka == null ? List.of() : List.of(kafka.readiness()));
            SieveServer server = new SieveServer(config, embedded, keys, pgUri, vertx, control, kafka);
            server.deploy();
            return server;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** The HTTP verticles (with ingestion routes unless a storage node), then the storage consumers. */
    private void deploy() {
        SharedServices shared = control.shared();
        PseudonymKey key = control.activeKey();
        NodeRole role = config.role();
        if (kafka != null) {
            kafka.meters(shared.metrics());
        }
        vertx.deployVerticle(() -> new HttpVerticle(new EventLoopWiring(config, key, shared, loopSink(role, shared)),
                        config.http().host(), config.http().port()),
                new DeploymentOptions().setInstances(config.http().eventLoops())).await();
        if (role.consumes()) {
            kafka.startConsumers(pgUri.connectOptions(), DirectLoopSink.writerSettings(config), shared);
        }
    }

    private Optional<LoopSink> loopSink(NodeRole role, SharedServices shared) {
        if (!role.ingests()) {
            return Optional.empty();
        }
        return Optional.of(role.produces() ? kafka.loopSink()
                : new DirectLoopSink(config, pgUri.connectOptions(), shared));
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
        out.println("  Role: " + config.role().wireName() + config.kafka()
                .map(k -> " (Kafka " + k.settings().bootstrapServers() + ", topic " + k.settings().topic() + ")")
                .orElse(""));
        out.println("  PostgreSQL: " + pgUri + (embedded != null
                ? " (embedded, data in " + config.dataDir().toAbsolutePath().normalize() + ")" : ""));
        if (embedded != null) {
            out.println("  Development keys (kept in " + config.dataDir().resolve("dev-secrets.properties") + "):");
            for (Role role : Role.values()) {
                keys.of(role).ifPresent(k -> out.printf("    %-14s %s%n", role.wireName() + ":", k));
            }
        }
        config.analysts().dbPassword().ifPresent(p -> out.println("  Analyst SQL: psql \"postgresql://"
                + config.analysts().dbLogin() + "@" + pgUri.host() + ":" + pgUri.port() + "/" + pgUri.database()
                + "\" (password: analyst.db.password; schema analytics, read-only)"));
        if (config.role().ingests()) {
            out.println("  Try: curl -s " + base + "/v1/events -H 'Authorization: Bearer <writer key>' \\");
            out.println("         -H 'Content-Type: application/json' -d '{\"type\":\"page_view\",\"userId\":\"u-1\"}'");
        }
        out.println("  API: " + base + "/openapi.yaml   health: " + base + "/health/ready   metrics: " + base + "/metrics");
        out.println();
        out.flush();
    }

    /**
     * Called once the caller's shutdown hook will {@link #close} this server: the embedded
     * PostgreSQL then stops last, not concurrently with the batches still committing.
     */
    public void handOverShutdown() {
        if (embedded != null) {
            embedded.handOverShutdown();
        }
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        try {
            control.close().eventually(vertx::close).await();
        } catch (RuntimeException e) {
            LOG.warn("closing Vert.x failed: {}", e.getClass().getSimpleName());
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
