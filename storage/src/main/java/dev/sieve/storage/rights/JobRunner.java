package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.DatabaseFailures;
import dev.sieve.storage.pg.PgNotifications;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rights jobs, up to {@code concurrency} at a time: every {@code pollInterval}, and at once
 * on {@code NOTIFY sieve_rights}, it claims the oldest claimable job ({@code FOR UPDATE SKIP LOCKED},
 * so runners on several nodes never take the same one) and hands it to its kind's handler. A
 * failure puts the job back to pending with a growing backoff, or fails it for good after the last
 * attempt (audited). A runner that dies leaves its job running with a lease that expires; the next
 * poll of any runner claims it again and the handler resumes from the saved progress.
 */
public final class JobRunner {
    /** NOTIFY channel that wakes runners (payload ignored). */
    public static final String CHANNEL = "sieve_rights";
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Vertx vertx;
    private final Context context;
    private final Pool pool;
    private final AuditLog audit;
    private final RightsSettings settings;
    private final Map<JobKind, JobHandler> handlers = new EnumMap<>(JobKind.class);
    // Confined to the context:
    private long timer = -1;
    private int running;
    private boolean claiming;
    private boolean again;
    private Promise<Void> idle;
    private volatile boolean stopping;

    JobRunner(Vertx vertx, Pool pool, AuditLog audit, RightsSettings settings, List<JobHandler> handlers) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = vertx.getOrCreateContext();
        this.pool = Objects.requireNonNull(pool, "pool");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.settings = Objects.requireNonNull(settings, "settings");
        handlers.forEach(h -> this.handlers.put(h.kind(), h));
    }

    /** Starts polling. */
    public JobRunner start() {
        context.runOnContext(v -> {
            if (timer == -1 && !stopping) {
                timer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> poll());
                poll();
            }
        });
        return this;
    }

    /** Wakes the runner on {@code NOTIFY sieve_rights} (new job, retry). */
    public JobRunner subscribe(PgNotifications notifications) {
        notifications.on(CHANNEL, payload -> wake());
        return this;
    }

    /** Looks for work now. */
    public void wake() {
        context.runOnContext(v -> poll());
    }

    /**
     * Stops polling; a job in progress stops after its current step and goes back to pending, to
     * resume from where it stopped. Completes when no job is running here.
     */
    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            stopping = true;
            vertx.cancelTimer(timer);
            idle = stopped;
            stoppedIfIdle();
        });
        return stopped.future();
    }

    private void poll() {
        if (claiming) {
            again = true; // claims go one at a time; look again when this one is answered
            return;
        }
        if (stopping || running >= settings.concurrency()) {
            return;
        }
        claiming = true;
        again = false;
        RightsJobs.claim(pool, settings.lease()).onComplete(claimed -> context.runOnContext(v -> claimed(claimed)));
    }

    private void claimed(AsyncResult<Optional<ClaimedJob>> claimed) {
        claiming = false;
        if (claimed.failed()) {
            LOG.warn("claiming a rights job failed: {}", DatabaseFailures.describe(claimed.cause()));
        } else if (claimed.result().isPresent()) {
            running++;
            // Back on this runner's context whatever thread completed the job's last future.
            process(claimed.result().get()).onComplete(done -> context.runOnContext(v -> {
                running--;
                if (done.failed()) {
                    LOG.warn("a rights job ended badly: {}", DatabaseFailures.describe(done.cause()));
                }
                afterJob();
            }));
            again = true; // there may be more: fill the other slots
        }
        if (again && !stopping) {
            poll();
        }
        stoppedIfIdle();
    }

    private void afterJob() {
        if (stopping) {
            stoppedIfIdle();
        } else {
            poll(); // keep going while there is work
        }
    }

    private void stoppedIfIdle() {
        if (stopping && running == 0 && !claiming && idle != null) {
            idle.complete();
            idle = null;
        }
    }

    /** Runs the claimed job to its end (done, released, failed for good, or abandoned). */
    private Future<Void> process(ClaimedJob claimed) {
        if (claimed.job().kind() == JobKind.EXPORT) {
            // An export streams to the client that asked; its node died mid-stream, nothing to resume.
            return giveUp(claimed, "interrupted: the export was not completed; request it again");
        }
        JobHandler handler = handlers.get(claimed.job().kind());
        if (handler == null || claimed.job().attempts() > settings.maxAttempts()) {
            String why = handler == null ? "no handler for this kind of job on this node"
                    : "gave up after " + settings.maxAttempts() + " attempts";
            return giveUp(claimed, why);
        }
        JobContext job = new JobContext(pool, audit, settings.lease(), () -> stopping, claimed);
        return handler.run(job).recover(failure -> handleFailure(claimed, failure));
    }

    private Future<Void> handleFailure(ClaimedJob claimed, Throwable failure) {
        if (failure instanceof LeaseLostException) {
            LOG.warn("rights job {} passed to another runner; abandoning it here", claimed.job().id());
            return Future.succeededFuture();
        }
        if (failure instanceof RunnerStoppingException) {
            return pool.withConnection(c -> RightsJobs.release(c, claimed, JobState.PENDING, Duration.ZERO, null))
                    .mapEmpty();
        }
        String error = safeMessage(failure);
        if (claimed.job().attempts() >= settings.maxAttempts()) {
            return giveUp(claimed, error);
        }
        Duration backoff = settings.retryBackoff().multipliedBy(claimed.job().attempts());
        return pool.withConnection(c -> RightsJobs.release(c, claimed, JobState.PENDING, backoff, error))
                .onSuccess(released -> LOG.warn("rights job {} ({}) failed, retrying in {} s: {}", claimed.job().id(),
                        claimed.job().kind().wireName(), backoff.toSeconds(), error))
                .mapEmpty();
    }

    /** Fails the job for good, audited in the same transaction. */
    private Future<Void> giveUp(ClaimedJob claimed, String error) {
        RightsJob job = claimed.job();
        LOG.error("rights job {} ({}) failed for good: {}", job.id(), job.kind().wireName(), error);
        ObjectNode details = JobRows.MAPPER.createObjectNode().put("jobId", job.id().toString())
                .put("kind", job.kind().wireName()).put("attempts", job.attempts()).put("error", error);
        return pool.withTransaction(tx -> RightsJobs.release(tx, claimed, JobState.FAILED, Duration.ZERO, error)
                .compose(released -> released ? audit.append(tx, job.requestedBy(), "rights." + job.kind().wireName()
                        + ".failed", JobContext.auditSubject(job), "job failed: " + error, details).mapEmpty()
                        : Future.succeededFuture())).mapEmpty();
    }

    /** What may be stored and shown about a failure: our own messages, else the type and SQLSTATE. */
    private static String safeMessage(Throwable failure) {
        if (failure instanceof SieveException known) {
            return known.code().slug() + ": " + known.getMessage();
        }
        return DatabaseFailures.describe(failure);
    }
}
