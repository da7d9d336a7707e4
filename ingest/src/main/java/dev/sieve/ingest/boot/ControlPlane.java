package dev.sieve.ingest.boot;

import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.config.SieveConfig;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.ingest.http.ApiRouter;
import dev.sieve.ingest.http.AuditHandler;
import dev.sieve.ingest.http.ConsentHandler;
import dev.sieve.ingest.http.ConsentImportHandler;
import dev.sieve.ingest.http.HealthHandler;
import dev.sieve.ingest.http.PolicyHandler;
import dev.sieve.ingest.http.ProvenanceHandler;
import dev.sieve.ingest.http.PseudonymHandler;
import dev.sieve.ingest.http.ReadinessCheck;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.ingest.metrics.MetricsScrape;
import dev.sieve.ingest.query.QueryRoutes;
import dev.sieve.ingest.query.RollupSchedule;
import dev.sieve.ingest.rights.RightsRoutes;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.auth.ApiKeyRepository;
import dev.sieve.storage.consent.ConsentRepository;
import dev.sieve.storage.consent.PgConsentStore;
import dev.sieve.storage.pg.EventRows;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.NamedPool;
import dev.sieve.storage.pg.PgNotifications;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.policy.PgPolicyStore;
import dev.sieve.storage.policy.PolicyRepository;
import dev.sieve.storage.policy.PolicyStatus;
import dev.sieve.storage.query.AnalystLogin;
import dev.sieve.storage.query.EventRollups;
import dev.sieve.storage.query.QuerySettings;
import dev.sieve.storage.rights.JobState;
import dev.sieve.storage.rights.Rights;
import dev.sieve.storage.rights.RightsSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything every event loop shares: the control pool, the consent cache and registry, the
 * policy snapshot and repository, the audit log, API keys, LISTEN/NOTIFY propagation, meters,
 * health and the privacy team's handlers. Started before the HTTP verticles.
 */
final class ControlPlane {
    private static final Duration RELOAD_BACKSTOP = Duration.ofSeconds(5);
    private final List<Pool> pools;
    private final Rights rights;
    private final RollupSchedule rollups;
    private final PgNotifications notifications;
    private final SharedServices shared;
    private final PseudonymKeyRing keyRing;

    private ControlPlane(List<Pool> pools, Rights rights, RollupSchedule rollups, PgNotifications notifications,
                         SharedServices shared, PseudonymKeyRing keyRing) {
        this.pools = pools;
        this.rights = rights;
        this.rollups = rollups;
        this.notifications = notifications;
        this.shared = shared;
        this.keyRing = keyRing;
    }

    /**
     * Loads keys and the policy, starts listening for changes and the periodic jobs; blocks until ready.
     *
     * @param extraChecks readiness checks besides the database, policy and notifications (e.g. Kafka)
     */
    static ControlPlane start(Vertx vertx, SieveConfig config, PgUri pgUri, BootstrapKeys bootstrap,
                              PseudonymKeyRing keyRing, PrometheusMeterRegistry registry,
                              List<ReadinessCheck> extraChecks) {
        Pool pool = NamedPool.create(vertx, pgUri.connectOptions(), "control", 4);
        PgConsentStore consentStore = new PgConsentStore(pool, config.consentCacheSize(),
                PgConsentStore.DEFAULT_EXPIRE_AFTER_WRITE);
        ConsentRepository consents = new ConsentRepository(pool, consentStore);
        PgPolicyStore policyStore = new PgPolicyStore(pool);
        AuditLog audit = new AuditLog(pool);
        PolicyRepository policies = new PolicyRepository(pool, audit);
        ApiKeyRepository keyRepository = new ApiKeyRepository(pool);
        AtomicReference<ApiKeys> apiKeys = new AtomicReference<>(new ApiKeys(Map.of()));
        Maintenance maintenance = new Maintenance(pool, config.dedupeWindow());
        PgNotifications notifications = new PgNotifications(vertx, pgUri.connectOptions());
        policyStore.subscribe(notifications);
        consentStore.subscribe(notifications);
        RightsSettings rightsSettings = RightsSettings.DEFAULTS;
        Pool rightsPool = NamedPool.create(vertx, pgUri.connectOptions(), "rights", rightsSettings.concurrency() + 1);
        Rights rights = Rights.create(vertx, rightsPool, audit, keyRing, Clock.systemUTC(), rightsSettings);
        // Analysts' queries and exports get their own pool: a long export never takes a writer's connection.
        Pool queryPool = NamedPool.create(vertx, pgUri.connectOptions(), "query", 4);

        SieveConfig.Analysts analysts = config.analysts();
        QuerySettings querySettings = QuerySettings.withTimeout(analysts.statementTimeout());
        bootstrap.ensure(keyRepository)
                .compose(v -> KeyLoader.load(keyRepository, apiKeys))
                .compose(v -> analysts.dbPassword().isEmpty() ? Future.<Void>succeededFuture()
                        : AnalystLogin.ensure(pool, analysts.dbLogin(), analysts.dbPassword().get(),
                                analysts.statementTimeout()))
                .compose(v -> policyStore.load())
                .compose(v -> notifications.start())
                .compose(v -> rights.start(notifications, true))
                .compose(v -> maintenance.run())
                .timeout(60, TimeUnit.SECONDS)
                .await();
        vertx.setPeriodic(Duration.ofSeconds(30).toMillis(), id -> KeyLoader.load(keyRepository, apiKeys));
        vertx.setPeriodic(RELOAD_BACKSTOP.toMillis(), id -> policyStore.load());
        vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> maintenance.run());
        RollupSchedule rollups = RollupSchedule.start(vertx, new EventRollups(queryPool, Clock.systemUTC(),
                analysts.rollupSettle(), EventRollups.DEFAULT_MAX_BUCKETS), Duration.ofMinutes(1));

        IngestMetrics metrics = new IngestMetrics(registry);
        List<GroupCommitWriter> writers = new CopyOnWriteArrayList<>();
        meters(metrics, writers, policyStore, consentStore, notifications);
        rightsMeters(metrics, rights);
        DryRuns dryRuns = new DryRuns(Clock.systemUTC());
        List<ReadinessCheck> checks = new java.util.ArrayList<>(List.of(
                check("database", () -> pool.query("SELECT 1").execute().mapEmpty()),
                check("policy", () -> policyStore.status().loaded() ? Future.succeededFuture()
                        : Future.failedFuture("failing closed: " + policyStore.status().state())),
                check("notifications", () -> notifications.listening() ? Future.succeededFuture()
                        : Future.failedFuture("not listening"))));
        checks.addAll(extraChecks);
        SharedServices shared = new SharedServices(consentStore, new ConsentHandler(consents), policyStore, apiKeys,
                metrics, new MeteredWriterObserver(metrics), writers, new HealthHandler(checks),
                new MetricsScrape(registry), dryRuns,
                new ApiRouter.Management(
                        new PolicyHandler(policies, policyStore, dryRuns),
                        new AuditHandler(audit),
                        new ProvenanceHandler(new EventRows(pool), policies),
                        new PseudonymHandler(keyRing, Clock.systemUTC()),
                        new ConsentImportHandler(consents),
                        RightsRoutes.Handlers.of(rights),
                        QueryRoutes.handlers(queryPool, querySettings, audit)),
                rights.quarantine());
        return new ControlPlane(List.of(pool, rightsPool, queryPool), rights, rollups, notifications, shared, keyRing);
    }

    private static void meters(IngestMetrics metrics, List<GroupCommitWriter> writers, PgPolicyStore policies,
                               PgConsentStore consents, PgNotifications notifications) {
        metrics.gauge("sieve.writer.queued.rows", "Rows waiting in the group-commit writers", writers,
                ws -> ws.stream().mapToInt(GroupCommitWriter::queuedRows).sum());
        metrics.gauge("sieve.writer.inflight.batches", "Batches committing now", writers,
                ws -> ws.stream().mapToInt(GroupCommitWriter::inFlightBatches).sum());
        metrics.gauge("sieve.policy.version", "Policy version enforced (0: none or fail-closed)", policies,
                p -> p.status().version());
        metrics.gauge("sieve.policy.fail.closed", "1 when this node fails closed for want of a valid policy", policies,
                p -> p.status().state() == PolicyStatus.State.LOADED ? 0 : 1);
        metrics.gauge("sieve.policy.staleness.seconds", "Seconds since the policy was last read", policies,
                p -> p.status().lastLoadedAt() == null ? Double.NaN
                        : Duration.between(p.status().lastLoadedAt(), java.time.Instant.now()).toMillis() / 1000.0);
        metrics.gauge("sieve.consent.cache.subjects", "Subjects in the consent cache", consents,
                PgConsentStore::cachedSubjects);
        metrics.gauge("sieve.notifications.reconnects", "LISTEN connection re-establishments", notifications,
                PgNotifications::reconnects);
    }

    private static void rightsMeters(IngestMetrics metrics, Rights rights) {
        for (JobState state : JobState.values()) {
            metrics.gauge("sieve.rights.jobs." + state.name().toLowerCase(java.util.Locale.ROOT),
                    "Users'-rights jobs in state " + state.name().toLowerCase(java.util.Locale.ROOT), rights,
                    r -> r.stats().latest().count(state));
        }
        metrics.gauge("sieve.rights.oldest.pending.seconds", "Age of the oldest pending users'-rights job", rights,
                r -> r.stats().latest().oldestPendingSeconds());
        metrics.gauge("sieve.rights.quarantine.keys", "Pseudonymous keys under erasure quarantine", rights,
                r -> r.quarantine().size());
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

    SharedServices shared() {
        return shared;
    }

    PseudonymKey activeKey() {
        return keyRing.active();
    }

    Future<Void> close() {
        rollups.close();
        return rights.close().eventually(notifications::close)
                .eventually(() -> Future.join(pools.stream().map(Pool::close).toList()).mapEmpty());
    }
}
