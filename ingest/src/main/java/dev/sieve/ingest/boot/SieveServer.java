package dev.sieve.ingest.boot;

import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.ingest.http.HttpVerticle;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sieve: the composition root's product. {@link #start} runs the blocking steps
 * (embedded PostgreSQL, Flyway) before any verticle exists, starts the {@link ControlPlane},
 * then deploys one HTTP verticle per event loop.
 */
public final class SieveServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SieveServer.class);

    private final SieveConfig config;
    private final EmbeddedPostgresServer embedded;
    private final BootstrapKeys keys;
    private final PgUri pgUri;
    private final Vertx vertx;
    private final ControlPlane control;

    private SieveServer(SieveConfig config, EmbeddedPostgresServer embedded, BootstrapKeys keys, PgUri pgUri,
                        Vertx vertx, ControlPlane control) {
        this.config = config;
        this.embedded = embedded;
        this.keys = keys;
        this.pgUri = pgUri;
        this.vertx = vertx;
        this.control = control;
    }

    /** Starts everything and returns once the HTTP port is listening. */
    public static SieveServer start(SieveConfig config) {
        if (config.developmentMode()) {
            createDirectories(config);
        }
        EmbeddedPostgresServer embedded = config.developmentMode()
                ? EmbeddedPostgresServer.start(config.dataDir().toAbsolutePath(), 0, true) : null;
        Vertx vertx = null;
        try {
            DevSecrets dev = config.developmentMode() ? DevSecrets.loadOrCreate(config.dataDir()) : null;
            String rawUri = embedded != null ? embedded.uri() : config.pgUrl().orElseThrow();
            PgUri pgUri = PgUri.parse(rawUri);
            Migrations.migrate(rawUri);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE))))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
            BootstrapKeys keys = new BootstrapKeys(config.keys(), dev);
            PseudonymKeyRing ring = new PseudonymKeyRing(new PseudonymKey(config.pseudonymKeyId(),
                    config.pseudonymKey().orElseGet(() -> dev.pseudonymKey())), config.previousPseudonymKeys());
            ControlPlane control = ControlPlane.start(vertx, config, pgUri, keys, ring, registry);
            SieveServer server = new SieveServer(config, embedded, keys, pgUri, vertx, control);
            server.deployHttp();
            return server;
        } catch (RuntimeException e) {
            if (vertx != null) {
                vertx.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private void deployHttp() {
        SharedServices shared = control.shared();
        PseudonymKey key = control.activeKey();
        vertx.deployVerticle(() -> new HttpVerticle(new EventLoopWiring(config, pgUri.connectOptions(), key, shared),
                        config.http().host(), config.http().port()),
                new DeploymentOptions().setInstances(config.http().eventLoops())).await();
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
        if (embedded != null) {
            out.println("  Development keys (kept in " + config.dataDir().resolve("dev-secrets.properties") + "):");
            for (Role role : Role.values()) {
                keys.of(role).ifPresent(k -> out.printf("    %-14s %s%n", role.wireName() + ":", k));
            }
        }
        config.analysts().dbPassword().ifPresent(p -> out.println("  Analyst SQL: psql \"postgresql://"
                + config.analysts().dbLogin() + "@" + pgUri.host() + ":" + pgUri.port() + "/" + pgUri.database()
                + "\" (password: analyst.db.password; schema analytics, read-only)"));
        out.println("  Try: curl -s " + base + "/v1/events -H 'Authorization: Bearer <writer key>' \\");
        out.println("         -H 'Content-Type: application/json' -d '{\"type\":\"page_view\",\"userId\":\"u-1\"}'");
        out.println("  API: " + base + "/openapi.yaml   health: " + base + "/health/ready   metrics: " + base + "/metrics");
        out.println();
        out.flush();
    }

    @Override
    public void close() {
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
