package dev.sieve.storage.rights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.consent.ConsentRepository;
import dev.sieve.storage.consent.PgConsentStore;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.PgNotifications;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import dev.sieve.storage.policy.PolicyRepository;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One fresh database with everything the rights ITs need: a pool, the audit log, a key ring with
 * an active key {@code k2} and a previous key {@code k1} still usable, the consent registry, an
 * active policy, events written by the real writer, and helpers to read what is stored.
 */
final class RightsTestbed implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final PseudonymKey K1 = new PseudonymKey("k1", "previous-secret-previous-secret-!!".getBytes(StandardCharsets.UTF_8));
    static final PseudonymKey K2 = new PseudonymKey("k2", "active-secret-active-secret-active!".getBytes(StandardCharsets.UTF_8));
    static final String CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    final Vertx vertx;
    final String uri;
    final Pool pool;
    final AuditLog audit;
    final PseudonymKeyRing ring = new PseudonymKeyRing(K2, List.of(new PseudonymKeyRing.PreviousKey(K1, Optional.empty())));
    final Clock clock = Clock.systemUTC();
    final ConsentRepository consents;
    final PolicyRepository policies;
    private final GroupCommitWriter writer;
    private final List<AutoCloseable> closing = new ArrayList<>();

    RightsTestbed() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
        audit = new AuditLog(pool);
        consents = new ConsentRepository(pool, new PgConsentStore(pool));
        policies = new PolicyRepository(pool, audit);
        writer = new GroupCommitWriter(vertx, pool, WriterSettings.DEFAULTS, WriterObserver.NONE);
        Sql.execute(uri, "SELECT sieve_ensure_partitions(3, 7)");
    }

    /** A pool on the same database on another Vert.x, named in pg_stat_activity. */
    static Pool pool(Vertx vertx, String uri, String applicationName, int size) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size))
                .connectingTo(PgUri.parse(uri).connectOptions()
                        .setProperties(Map.of("application_name", applicationName)))
                .using(vertx).build();
    }

    /** Stores {@code document} as the active policy; its version. */
    long activatePolicy(String document) {
        try {
            return Await.result(policies.create(MAPPER.readTree(document), true, "test", "test policy")).version();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rights with a listener, started (running jobs when asked); closed with the testbed. */
    Rights rights(RightsSettings settings, boolean runJobs) {
        Rights rights = Rights.create(vertx, pool, audit, ring, clock, settings);
        PgNotifications notifications = new PgNotifications(vertx, PgUri.parse(uri).connectOptions());
        Await.result(rights.start(notifications, runJobs));
        Await.result(notifications.start());
        closing.add(() -> Await.result(rights.close()));
        closing.add(() -> Await.result(notifications.close()));
        return rights;
    }

    List<String> keysOf(String userId) {
        return ring.pseudonymsOf("user", userId, clock.instant());
    }

    void store(List<EnforcedEvent> events) {
        Await.result(writer.write(events));
    }

    static Instant daysAgo(int days) {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(days));
    }

    static String partition(int daysAgo) {
        return "events_" + LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo).format(DAY);
    }

    /** A partition for a day far back (sieve_ensure_partitions only covers a few days). */
    void createPartition(int daysAgo) {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo);
        Sql.execute(uri, "CREATE TABLE IF NOT EXISTS " + partition(daysAgo) + " PARTITION OF events FOR VALUES FROM ('"
                + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
    }

    /** An event enforced with consent under {@code policyVersion}: every column filled. */
    static EnforcedEvent event(String userKey, Purpose purpose, String type, Instant receivedAt, boolean consented,
                               long policyVersion, long consentVersion) {
        ObjectNode properties = MAPPER.createObjectNode().put("path", "/pricing").put("search", "plans")
                .put("email", "someone@example.com");
        return new EnforcedEvent(UUID.randomUUID(), receivedAt, receivedAt.minusSeconds(2), type, purpose, userKey,
                "k2:anon-key", "203.0.113.0", null, "k2:device-key", "Pixel 8", "phone", "Google", "Android",
                "15.1", CHROME_UA, null, null, null,
                properties == null ? null : EventProperties.of(properties), policyVersion, consentVersion, consented);
    }

    long count(String sql, Object... parameters) {
        return ((Number) Sql.value(uri, sql, parameters)).longValue();
    }

    List<Map<String, Object>> rows(String sql, Object... parameters) {
        return Sql.rows(uri, sql, parameters);
    }

    RightsJob awaitDone(Rights rights, UUID jobId, Duration within) {
        Await.until("job " + jobId + " done", within, () -> {
            RightsJob job = Await.result(rights.jobs().get(jobId)).orElseThrow();
            return job.state() == JobState.DONE || job.state() == JobState.FAILED;
        });
        return Await.result(rights.jobs().get(jobId)).orElseThrow();
    }

    /** Waits until no job is pending or running. */
    void awaitIdle() {
        Await.until("no open rights job", Duration.ofMinutes(1),
                () -> count("SELECT count(*) FROM rights_jobs WHERE state IN ('pending', 'running')") == 0);
    }

    @Override
    public void close() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
        Await.result(pool.close());
        Await.result(vertx.close());
    }
}
