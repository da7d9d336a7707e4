package dev.sieve.storage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class ConsentImportIT {
    private static Vertx vertx;
    private static String uri;
    private static Pool pool;
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
        store = new PgConsentStore(pool);
        repository = new ConsentRepository(pool, store);
    }

    private static String newSubject() {
        return "user-" + UUID.randomUUID();
    }

    private static List<String> history(String subject) {
        return Sql.rows(uri, "SELECT purpose, state, version, source FROM consent_history WHERE subject_id = ?"
                        + " ORDER BY id", subject).stream()
                .map(row -> row.get("purpose") + "=" + row.get("state") + "@" + row.get("version") + "/" + row.get("source"))
                .toList();
    }

    @Test
    void importsNewAndKnownSubjectsWithUpdatesVersioningAndHistory() {
        String known = newSubject();
        String fresh = newSubject();
        Await.result(repository.update(known, Map.of(Purpose.ANALYTICS, true), "api"));
        Await.result(store.lookup(List.of(known, fresh))); // cached before the import

        int changed = Await.result(repository.importBatch(List.of(
                new ConsentImport(known, Map.of(Purpose.ANALYTICS, true, Purpose.MARKETING, false)),
                new ConsentImport(fresh, Map.of(Purpose.DIAGNOSTICS, true, Purpose.SECURITY, false))), "import:cmp"));

        assertThat(changed).isEqualTo(2);
        assertThat(history(known)).containsExactly("analytics=granted@1/api", "marketing=denied@2/import:cmp");
        assertThat(history(fresh)).containsExactlyInAnyOrder("diagnostics=granted@1/import:cmp",
                "security=denied@1/import:cmp");
        assertThat(Sql.rows(uri, "SELECT purpose, state, version, source FROM consent_state WHERE subject_id = ?"
                + " ORDER BY purpose", known)).extracting(row -> row.get("purpose") + "=" + row.get("state") + "@"
                + row.get("version") + "/" + row.get("source"))
                .containsExactly("analytics=granted@1/api", "marketing=denied@2/import:cmp");
        Map<String, UserConsent> cached = Await.result(store.lookup(List.of(known, fresh)));
        assertThat(cached.get(known).version()).isEqualTo(2);
        assertThat(cached.get(known).state(Purpose.MARKETING)).isEqualTo(ConsentState.DENIED);
        assertThat(cached.get(fresh).state(Purpose.DIAGNOSTICS)).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void reRunningAnImportChangesNothing() {
        List<ConsentImport> rows = List.of(new ConsentImport(newSubject(), Map.of(Purpose.ANALYTICS, true)),
                new ConsentImport(newSubject(), Map.of(Purpose.MARKETING, false)));
        assertThat(Await.result(repository.importBatch(rows, "import:cmp"))).isEqualTo(2);

        assertThat(Await.result(repository.importBatch(rows, "import:cmp"))).isZero();

        for (ConsentImport row : rows) {
            assertThat(Sql.value(uri, "SELECT version FROM consent_subjects WHERE subject_id = ?", row.subjectId()))
                    .isEqualTo(1L);
            assertThat(history(row.subjectId())).hasSize(1);
        }
    }

    @Test
    void rowsForOneSubjectAreMergedLaterOnesWinning() {
        String subject = newSubject();

        int changed = Await.result(repository.importBatch(List.of(
                new ConsentImport(subject, Map.of(Purpose.ANALYTICS, true, Purpose.SECURITY, true)),
                new ConsentImport(subject, Map.of(Purpose.ANALYTICS, false)),
                new ConsentImport(newSubject(), Map.of())), "import:cmp"));

        assertThat(changed).isEqualTo(1);
        assertThat(history(subject)).containsExactlyInAnyOrder("analytics=denied@1/import:cmp",
                "security=granted@1/import:cmp");
    }

    @Test
    void everyChangedSubjectIsNotifiedByTheHashOfItsId() throws Exception {
        String changedSubject = newSubject();
        String unchangedSubject = newSubject();
        Await.result(repository.update(unchangedSubject, Map.of(Purpose.SECURITY, true), "api"));
        PgUri pg = PgUri.parse(uri);
        try (Connection listener = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + ConsentRepository.CHANNEL);
            }

            Await.result(repository.importBatch(List.of(
                    new ConsentImport(changedSubject, Map.of(Purpose.SECURITY, true)),
                    new ConsentImport(unchangedSubject, Map.of(Purpose.SECURITY, true))), "import:cmp"));

            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(5_000);
            assertThat(notifications).extracting(PGNotification::getParameter)
                    .containsExactly(ConsentRepository.notification(changedSubject));
        }
    }

    @Test
    void aBatchOverTheLimitIsRefusedWholesale() {
        List<ConsentImport> rows = new ArrayList<>();
        for (int i = 0; i <= ConsentRepository.MAX_IMPORT_ROWS; i++) {
            rows.add(new ConsentImport(newSubject(), Map.of(Purpose.ANALYTICS, true)));
        }

        Throwable failure = Await.failure(repository.importBatch(rows, "import:cmp"));

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(Sql.value(uri, "SELECT count(*) FROM consent_subjects WHERE subject_id = ?", rows.get(0).subjectId()))
                .isEqualTo(0L);
    }

    @Test
    void theSubjectIdStaysOutOfTheRowsText() {
        assertThat(new ConsentImport("u-secret", Map.of(Purpose.ANALYTICS, true)).toString()).doesNotContain("u-secret");
    }

    /** 10 batches of 1,000 subjects with 3 purposes each, set-based; the rate is printed, not asserted. */
    @Test
    void importsTenThousandSubjects() {
        int batches = Integer.getInteger("sieve.measure.importBatches", 10);
        List<List<ConsentImport>> all = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<ConsentImport> batch = new ArrayList<>(ConsentRepository.MAX_IMPORT_ROWS);
            for (int i = 0; i < ConsentRepository.MAX_IMPORT_ROWS; i++) {
                batch.add(new ConsentImport("bulk-" + UUID.randomUUID(),
                        Map.of(Purpose.ANALYTICS, i % 2 == 0, Purpose.MARKETING, false, Purpose.DIAGNOSTICS, true)));
            }
            all.add(Collections.unmodifiableList(batch));
        }

        long started = System.nanoTime();
        int changed = 0;
        for (List<ConsentImport> batch : all) {
            changed += Await.result(repository.importBatch(batch, "import:bulk"));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(changed).isEqualTo(batches * ConsentRepository.MAX_IMPORT_ROWS);
        assertThat(Sql.value(uri, "SELECT count(*) FROM consent_state WHERE source = 'import:bulk'"))
                .isEqualTo(3L * changed);
        System.out.printf("CONSENT IMPORT %d subjects (%d state rows) in %.2f s = %.0f subjects/s%n",
                changed, 3 * changed, seconds, changed / seconds);
    }
}
