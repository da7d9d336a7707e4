package dev.sieve.storage.rights;

import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.pg.PgNotifications;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' rights on one node, built and wired in one place: the requests (erasure, account closed),
 * the export, the jobs and retention rules for the API, the quarantine ingest checks, the job
 * counts for metrics and, on nodes that run jobs, the job runner and the retention schedule.
 *
 * <pre>{@code
 * Rights rights = Rights.create(vertx, pool, audit, keyRing, Clock.systemUTC(), RightsSettings.DEFAULTS);
 * rights.start(notifications, true).await();   // before the HTTP verticles; notifications not started yet or started
 * ... rights.quarantine().isQuarantined(enforced.userKey()) ...
 * rights.close();
 * }</pre>
 */
public final class Rights {
    private static final Logger LOG = LoggerFactory.getLogger(Rights.class);
    private static final Duration QUARANTINE_BACKSTOP = Duration.ofSeconds(30);
    private static final Duration STATS_INTERVAL = Duration.ofSeconds(15);
    private static final Duration SCHEDULE_CHECK = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final Pool pool;
    private final RightsSettings settings;
    private final Quarantine quarantine;
    private final RightsRequests requests;
    private final RightsJobs jobs;
    private final RetentionRules retentionRules;
    private final RetentionSchedule schedule;
    private final UserExport export;
    private final JobStats stats;
    private final JobRunner runner;
    private final List<Long> timers = new ArrayList<>();

    private Rights(Vertx vertx, Pool pool, AuditLog audit, PseudonymKeyRing ring, Clock clock,
                   RightsSettings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.settings = settings;
        this.quarantine = new Quarantine(pool, clock);
        this.requests = new RightsRequests(pool, audit, ring, clock, settings);
        this.jobs = new RightsJobs(pool, audit);
        this.retentionRules = new RetentionRules(pool, audit);
        this.schedule = new RetentionSchedule(pool, clock, settings.retentionInterval());
        this.export = new UserExport(pool, audit, ring, clock);
        this.stats = new JobStats(pool);
        this.runner = new JobRunner(vertx, pool, audit, settings, handlers(ring, clock, settings));
    }

    /**
     * @param pool a pool of its own is best ({@code concurrency} + 1 connections: one per job in
     *             progress and one for requests), so rights jobs never wait behind, or hold up, the
     *             other control-plane work
     */
    public static Rights create(Vertx vertx, Pool pool, AuditLog audit, PseudonymKeyRing ring, Clock clock,
                                RightsSettings settings) {
        return new Rights(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(pool, "pool"),
                Objects.requireNonNull(audit, "audit"), Objects.requireNonNull(ring, "ring"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(settings, "settings"));
    }

    static List<JobHandler> handlers(PseudonymKeyRing ring, Clock clock, RightsSettings settings) {
        return List.of(new WithdrawalHandler(new SubjectKeys(ring, clock), ring, settings.batchRows()),
                new ErasureHandler(settings.batchRows()), new AccountClosedHandler(), new RetentionHandler(settings));
    }

    /**
     * Loads the quarantine and keeps it current; with {@code runJobs}, also runs jobs and schedules
     * retention on this node (safe on several nodes: claims skip each other's jobs). Subscribes to
     * {@code notifications} (started or not). Fails if the first quarantine load fails: ingest must
     * not start letting erased users' events through.
     */
    public Future<Void> start(PgNotifications notifications, boolean runJobs) {
        quarantine.subscribe(notifications);
        timers.add(vertx.setPeriodic(QUARANTINE_BACKSTOP.toMillis(), id -> quarantine.load()));
        timers.add(vertx.setPeriodic(STATS_INTERVAL.toMillis(), id -> stats.refresh()));
        if (runJobs) {
            runner.subscribe(notifications).start();
            timers.add(vertx.setPeriodic(SCHEDULE_CHECK.toMillis(), id -> enqueueRetention()));
            enqueueRetention();
        }
        return quarantine.load().compose(v -> stats.refresh()).mapEmpty();
    }

    private void enqueueRetention() {
        schedule.enqueueDue().onFailure(e -> LOG.warn("scheduling retention failed: {}", DatabaseFailures.describe(e)));
    }

    /** Stops the timers and the runner (a job in progress resumes later, here or elsewhere). */
    public Future<Void> close() {
        timers.forEach(vertx::cancelTimer);
        return runner.stop();
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    public RightsRequests requests() {
        return requests;
    }

    public RightsJobs jobs() {
        return jobs;
    }

    public RetentionRules retentionRules() {
        return retentionRules;
    }

    public RetentionSchedule retentionSchedule() {
        return schedule;
    }

    public UserExport export() {
        return export;
    }

    public JobStats stats() {
        return stats;
    }

    public RightsSettings settings() {
        return settings;
    }

    Pool pool() {
        return pool;
    }
}
