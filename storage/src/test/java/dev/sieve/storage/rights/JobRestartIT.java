package dev.sieve.storage.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Jobs survive their runner: one that dies mid-job leaves the job to be completed, exactly once,
 * by another runner after the lease; one that merely stalls past its lease can change nothing.
 */
class JobRestartIT {
    private static final RightsSettings SETTINGS = RightsSettings.DEFAULTS.withBatchRows(100)
            .withLease(Duration.ofSeconds(1)).withErasureSettle(Duration.ZERO);
    private static final Duration TAKER_LEASE = Duration.ofSeconds(30);

    private static RightsTestbed bed() {
        RightsTestbed bed = new RightsTestbed();
        bed.activatePolicy(PolicyJson.toText(DefaultPolicy.create()));
        return bed;
    }

    private static List<EnforcedEvent> events(List<String> keys, int day, int count) {
        List<EnforcedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(RightsTestbed.event(keys.get(i % keys.size()), Purpose.ANALYTICS, "page_view",
                    RightsTestbed.daysAgo(day), true, 1, 1));
        }
        return events;
    }

    @Test
    void aJobWhoseRunnerDiedIsCompletedOnceByAnotherAfterTheLease() throws Exception {
        try (RightsTestbed bed = bed()) {
            List<String> rita = bed.keysOf("rita");
            bed.store(events(rita, 1, 1500));
            bed.store(events(rita, 0, 1500));
            PgUri pg = PgUri.parse(bed.uri);
            Vertx crashing = Vertx.vertx();
            try (Connection locker = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                // Today's rows are locked: runner A finishes yesterday's partition, then blocks.
                locker.setAutoCommit(false);
                try (PreparedStatement lock = locker.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM events"
                        + " WHERE received_at > now() - interval '1 hour' AND user_key = ANY(?) FOR UPDATE) AS locked")) {
                    lock.setObject(1, rita.toArray(String[]::new));
                    lock.executeQuery().close();
                }
                Pool poolA = RightsTestbed.pool(crashing, bed.uri, "runner-a", 2);
                // One job at a time: blocked, it cannot claim its own job again once the lease passes.
                new JobRunner(crashing, poolA, new AuditLog(poolA), SETTINGS.withConcurrency(1),
                        Rights.handlers(bed.ring, bed.clock, SETTINGS)).start();
                Enqueued request = Await.result(new RightsRequests(bed.pool, bed.audit, bed.ring, bed.clock, SETTINGS)
                        .erase("rita", "privacy-admin:test", "ticket 9", null));
                Await.until("runner A blocked half-way", Duration.ofSeconds(30), () -> bed.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'runner-a'"
                                + " AND wait_event_type = 'Lock'") == 1);
                assertThat(bed.count("SELECT count(*) FROM events WHERE user_key = ANY(?)",
                        (Object) rita.toArray(String[]::new))).isEqualTo(1500);

                // The node dies: its timers and pool go, and its connections with them (the server
                // sees them drop and rolls back what they had begun).
                Future<Void> died = crashing.close();
                bed.rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'runner-a'");
                Await.result(died);
                locker.rollback();

                // A long lease for the runner that takes over: with 1 s, one slow step of its own could let
                // it claim the job again (a third attempt). Claiming depends on the row's lease, not the taker's.
                Rights other = bed.rights(SETTINGS.withLease(TAKER_LEASE), true);
                RightsJob job = bed.awaitDone(other, request.job().id(), Duration.ofMinutes(1));

                assertThat(job.state()).isEqualTo(JobState.DONE);
                assertThat(job.attempts()).isEqualTo(2);
                assertThat(job.result().get("eventsDeleted").asLong()).isEqualTo(3000);
                assertThat(bed.count("SELECT count(*) FROM events WHERE user_key = ANY(?)",
                        (Object) rita.toArray(String[]::new))).isZero();
                assertThat(Await.result(other.jobs().receipts(job.id()))).hasSize(1);
                assertThat(bed.count("SELECT events_deleted FROM rights_erasures WHERE job_id = ?", job.id()))
                        .isEqualTo(3000);
                assertThat(bed.count("SELECT count(*) FROM audit_log WHERE action = 'rights.erasure'")).isEqualTo(1);
                assertThat(Await.result(bed.audit.verify()).ok()).isTrue();
            }
        }
    }

    @Test
    void aRunnerThatLostItsLeaseCannotChangeAnything() {
        try (RightsTestbed bed = bed()) {
            EnforcedEvent marker = events(bed.keysOf("someone-else"), 0, 1).get(0);
            bed.store(List.of(marker));
            Promise<Void> gate = Promise.promise();
            AtomicReference<Throwable> zombieFailure = new AtomicReference<>();
            JobHandler stalling = new JobHandler() {
                @Override
                public JobKind kind() {
                    return JobKind.ERASURE;
                }

                @Override
                public Future<Void> run(JobContext job) {
                    return job.<Void>step((tx, progress) -> {
                        progress.put("zombieStep1", true);
                        return Future.succeededFuture();
                    }).compose(v -> gate.future()).compose(v -> job.<Void>step((tx, progress) -> {
                        progress.put("zombieStep2", true);
                        return tx.preparedQuery("DELETE FROM events WHERE event_id = $1")
                                .execute(Tuple.of(marker.eventId())).mapEmpty();
                    })).onFailure(zombieFailure::set);
                }
            };
            Vertx stalled = Vertx.vertx();
            Pool poolA = RightsTestbed.pool(stalled, bed.uri, "runner-a", 2);
            // One job at a time: the stalled runner cannot claim its own job again after the lease.
            JobRunner zombie = new JobRunner(stalled, poolA, new AuditLog(poolA), SETTINGS.withConcurrency(1),
                    List.of(stalling)).start();
            Enqueued request = Await.result(new RightsRequests(bed.pool, bed.audit, bed.ring, bed.clock, SETTINGS)
                    .erase("zoe", "privacy-admin:test", "ticket 10", null));
            Await.until("the zombie took its first step", Duration.ofSeconds(10), () ->
                    Await.result(bed.pool.preparedQuery("SELECT progress->'zombieStep1' IS NOT NULL FROM rights_jobs WHERE id = $1")
                            .execute(Tuple.of(request.job().id()))).iterator().next().getBoolean(0));

            Rights other = bed.rights(SETTINGS.withLease(TAKER_LEASE), true); // claims the job once the lease has passed
            RightsJob job = bed.awaitDone(other, request.job().id(), Duration.ofMinutes(1));
            gate.complete();
            Await.until("the zombie's next step was refused", Duration.ofSeconds(10), () -> zombieFailure.get() != null);

            assertThat(zombieFailure.get()).isInstanceOf(LeaseLostException.class);
            assertThat(job.attempts()).isEqualTo(2);
            assertThat(bed.count("SELECT count(*) FROM events WHERE event_id = ?", marker.eventId())).isEqualTo(1);
            assertThat(bed.count("SELECT count(*) FROM rights_jobs WHERE id = ? AND state = 'done'"
                    + " AND progress->'zombieStep2' IS NULL", job.id())).isEqualTo(1);
            assertThat(bed.count("SELECT count(*) FROM rights_receipts WHERE job_id = ?", job.id())).isEqualTo(1);
            Await.result(zombie.stop());
            Await.result(stalled.close());
        }
    }
}
