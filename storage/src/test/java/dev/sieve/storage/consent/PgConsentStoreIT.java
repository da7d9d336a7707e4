package dev.sieve.storage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.storage.pg.CountingPool;
import dev.sieve.storage.pg.PgNotifications;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class PgConsentStoreIT {
    private static Vertx vertx;
    private static String uri;
    private static Pool pool;
    private final AtomicInteger statements = new AtomicInteger();
    private PgConsentStore store;
    private ConsentRepository repository;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
    }

    @AfterAll
    static void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    @BeforeEach
    void freshCache() {
        store = new PgConsentStore(CountingPool.wrap(pool, statements::incrementAndGet));
        repository = new ConsentRepository(pool, store);
    }

    private static String newSubject() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void aSubjectNeverSeenIsUnknownAtVersionZero() {
        String subject = newSubject();

        Map<String, UserConsent> answer = Await.result(store.lookup(List.of(subject)));

        assertThat(answer).containsOnlyKeys(subject);
        assertThat(answer.get(subject)).isEqualTo(UserConsent.unknown(subject));
        assertThat(Await.result(repository.get(subject)).version()).isZero();
    }

    @Test
    void allMissesOfALookupAreFetchedInOneQueryAndThenCached() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String subject = newSubject();
            Await.result(repository.update(subject, Map.of(Purpose.ANALYTICS, i % 2 == 0), "api"));
            known.add(subject);
        }
        List<String> subjects = new ArrayList<>(known);
        for (int i = 0; i < 30; i++) {
            subjects.add(newSubject());
        }

        Map<String, UserConsent> first = Await.result(store.lookup(subjects));
        Map<String, UserConsent> again = Await.result(store.lookup(subjects));

        assertThat(statements).hasValue(1);
        assertThat(first).hasSize(50).isEqualTo(again);
        assertThat(first.get(known.get(0)).state(Purpose.ANALYTICS)).isEqualTo(ConsentState.GRANTED);
        assertThat(first.get(known.get(1)).state(Purpose.ANALYTICS)).isEqualTo(ConsentState.DENIED);
        assertThat(first.get(known.get(1)).version()).isEqualTo(1);
        assertThat(first.get(subjects.get(49)).version()).isZero();

        List<String> withNew = new ArrayList<>(subjects);
        withNew.add(newSubject());
        withNew.add(newSubject());
        assertThat(Await.result(store.lookup(withNew))).hasSize(52);
        assertThat(statements).hasValue(2);
    }

    @Test
    void aCachedSubjectIsNotReadAgainUntilInvalidated() {
        String subject = newSubject();
        assertThat(Await.result(store.lookup(List.of(subject))).get(subject).version()).isZero();
        // Written behind the cache's back: the cached "unknown" is still answered.
        Sql.execute(uri, "INSERT INTO consent_subjects (subject_id, version) VALUES (?, 1)", subject);
        assertThat(Await.result(store.lookup(List.of(subject))).get(subject).version()).isZero();

        store.invalidate(subject);

        assertThat(Await.result(store.lookup(List.of(subject))).get(subject).version()).isEqualTo(1);
    }

    @Test
    void anUpdateBumpsTheVersionKeepsUnnamedPurposesAppendsHistoryAndRefreshesTheCache() {
        String subject = newSubject();
        Await.result(store.lookup(List.of(subject)));

        UserConsent first = Await.result(repository.update(subject,
                Map.of(Purpose.ANALYTICS, true, Purpose.MARKETING, false), "api"));
        UserConsent second = Await.result(repository.update(subject, Map.of(Purpose.MARKETING, true), "event"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.state(Purpose.ANALYTICS)).isEqualTo(ConsentState.GRANTED);
        assertThat(second.state(Purpose.MARKETING)).isEqualTo(ConsentState.GRANTED);
        assertThat(second.state(Purpose.DIAGNOSTICS)).isEqualTo(ConsentState.UNKNOWN);
        assertThat(Await.result(store.lookup(List.of(subject))).get(subject)).isEqualTo(second);
        assertThat(Await.result(repository.get(subject))).isEqualTo(second);
        assertThat(Sql.rows(uri, "SELECT purpose, state, version, source FROM consent_history"
                + " WHERE subject_id = ? ORDER BY id", subject))
                .extracting(row -> row.get("purpose") + "=" + row.get("state") + "@" + row.get("version")
                        + "/" + row.get("source"))
                .containsExactlyInAnyOrder("analytics=granted@1/api", "marketing=denied@1/api",
                        "marketing=granted@2/event");
        assertThat(Sql.rows(uri, "SELECT purpose, version FROM consent_state WHERE subject_id = ? ORDER BY purpose",
                subject)).extracting(row -> row.get("purpose") + "@" + row.get("version"))
                .containsExactly("analytics@1", "marketing@2");
    }

    @Test
    void anUpdateNotifiesOtherNodesWithAHashNotTheSubjectId() throws Exception {
        String subject = newSubject();
        PgUri pg = PgUri.parse(uri);
        try (Connection listener = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + ConsentRepository.CHANNEL);
            }

            Await.result(repository.update(subject, Map.of(Purpose.SECURITY, true), "api"));

            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(5_000);
            assertThat(notifications).extracting(PGNotification::getParameter)
                    .containsExactly(ConsentRepository.notification(subject));
            assertThat(notifications[0].getParameter()).doesNotContain(subject).hasSize(64);
        }
    }

    @Test
    void concurrentUpdatesOfOneSubjectGetDistinctIncreasingVersions() {
        String subject = newSubject();
        List<Future<UserConsent>> updates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            updates.add(repository.update(subject, Map.of(Purpose.DIAGNOSTICS, i % 2 == 0), "api"));
        }

        List<Long> versions = updates.stream().map(Await::result).map(UserConsent::version).toList();

        assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(Sql.value(uri, "SELECT version FROM consent_subjects WHERE subject_id = ?", subject)).isEqualTo(6L);
    }

    @Test
    void aSubjectCanBeDroppedByTheHashOfItsId() {
        String subject = newSubject();
        Await.result(store.lookup(List.of(subject)));
        Sql.execute(uri, "INSERT INTO consent_subjects (subject_id, version) VALUES (?, 1)", subject);

        store.invalidateByHash(ConsentRepository.notification(subject).toUpperCase(java.util.Locale.ROOT));

        assertThat(Await.result(store.lookup(List.of(subject))).get(subject).version()).isEqualTo(1);
    }

    @Test
    void aPayloadThatIsNoHashDropsNothing() {
        String subject = newSubject();
        Await.result(store.lookup(List.of(subject)));
        Sql.execute(uri, "INSERT INTO consent_subjects (subject_id, version) VALUES (?, 1)", subject);

        store.invalidateByHash("not a hash");
        store.invalidateByHash(ConsentRepository.notification(subject).substring(1));

        assertThat(Await.result(store.lookup(List.of(subject))).get(subject).version()).isZero();
        store.invalidateByHash(ConsentRepository.notification(subject));
        assertThat(Await.result(store.lookup(List.of(subject))).get(subject).version()).isEqualTo(1);
    }

    @Test
    void aChangeOnOneNodeDropsTheSubjectFromAnotherNodesCache() {
        PgConsentStore otherNode = new PgConsentStore(pool);
        PgNotifications otherNodeListener = new PgNotifications(vertx, PgUri.parse(uri).connectOptions());
        otherNode.subscribe(otherNodeListener);
        Await.result(otherNodeListener.start());
        try {
            String subject = newSubject();
            Await.result(repository.update(subject, Map.of(Purpose.ANALYTICS, true), "api"));
            assertThat(Await.result(otherNode.lookup(List.of(subject))).get(subject).granted(Purpose.ANALYTICS))
                    .isTrue();

            Await.result(repository.update(subject, Map.of(Purpose.ANALYTICS, false), "api")); // a withdrawal

            Duration took = Await.until("the withdrawal seen by the other node", Duration.ofSeconds(10),
                    () -> !Await.result(otherNode.lookup(List.of(subject))).get(subject).granted(Purpose.ANALYTICS));
            assertThat(Await.result(otherNode.lookup(List.of(subject))).get(subject).version()).isEqualTo(2);
            System.out.println("consent withdrawal reached the other node in " + took.toMillis() + " ms");
        } finally {
            Await.result(otherNodeListener.close());
        }
    }

    @Test
    void afterTheListenerReconnectsTheWholeCacheIsDropped() {
        PgConsentStore otherNode = new PgConsentStore(pool);
        PgNotifications otherNodeListener = new PgNotifications(vertx, PgUri.parse(uri).connectOptions());
        otherNode.subscribe(otherNodeListener);
        Await.result(otherNodeListener.start());
        try {
            String subject = newSubject();
            Await.result(otherNode.lookup(List.of(subject)));
            assertThat(otherNode.cachedSubjects()).isEqualTo(1);

            Sql.execute(uri, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?"
                    + " AND datname = current_database()", PgNotifications.APPLICATION_NAME);

            Await.until("cache dropped after reconnecting", Duration.ofSeconds(5),
                    () -> otherNodeListener.reconnects() == 1 && otherNode.cachedSubjects() == 0);
        } finally {
            Await.result(otherNodeListener.close());
        }
    }
}
