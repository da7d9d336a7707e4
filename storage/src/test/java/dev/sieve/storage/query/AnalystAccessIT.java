package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' SQL login reads the analytics views and nothing else: consent, keys, audit,
 * policies, dedupe ids, scopes, rollups and the events table itself answer "permission denied";
 * sessions are read-only. Roles belong to the whole (shared) test server, so names are unique.
 */
class AnalystAccessIT {
    static final List<String> FORBIDDEN = List.of("events", "events_" + java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMdd").withZone(java.time.ZoneOffset.UTC).format(Instant.now()), "event_ids",
            "consent_subjects", "consent_state", "consent_history", "policies", "policy_activations", "api_keys",
            "audit_log", "analyst_scopes", "event_rollups", "event_rollup_buckets");
    static final String PASSWORD = "analyst-pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    static final String LOGIN = "analyst_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    private static Vertx vertx;
    private static Pool pool;
    private static String uri;

    @BeforeAll
    static void start() {
        uri = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        pool = TestPostgres.pool(vertx, uri, 1);
        new StoredRows(uri).add(Instant.now().truncatedTo(ChronoUnit.HOURS), "page_view", "analytics", "u1", null, "{}").write();
        Await.result(AnalystLogin.ensure(pool, LOGIN, PASSWORD, Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static Connection asAnalyst() throws SQLException {
        PgUri pg = PgUri.parse(uri);
        return DriverManager.getConnection(pg.jdbcUrl(), LOGIN, PASSWORD);
    }

    @Test
    void theLoginIsAReadOnlyMemberOfTheAnalystRole() {
        var role = Sql.rows(uri, "SELECT r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.rolconfig::text AS config,"
                + " a.rolpassword LIKE 'SCRAM-SHA-256$4096:%' AS scram,"
                + " pg_has_role(r.rolname, 'sieve_analyst', 'USAGE') AS member"
                + " FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname = ?", LOGIN).get(0);
        assertThat(role).containsEntry("rolcanlogin", true).containsEntry("rolsuper", false)
                .containsEntry("rolcreaterole", false).containsEntry("scram", true).containsEntry("member", true);
        assertThat((String) role.get("config")).contains("default_transaction_read_only=on", "statement_timeout=20000",
                "search_path=analytics");
        Await.result(AnalystLogin.ensure(pool, LOGIN, PASSWORD, Duration.ofSeconds(20))); // idempotent
    }

    @Test
    void itReadsTheAnalyticsViews() throws SQLException {
        try (Connection c = asAnalyst(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT actor_key) FROM analytics.events")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(1);
                assertThat(r.getLong(2)).isEqualTo(1);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM events")) { // search_path: analytics.events
                r.next();
                assertThat(r.getLong(1)).isEqualTo(1);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM analytics.daily_counts")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
        }
    }

    @Test
    void everythingElseIsDenied() throws SQLException {
        try (Connection c = asAnalyst(); Statement s = c.createStatement()) {
            for (String table : FORBIDDEN) {
                assertThatThrownBy(() -> s.executeQuery("SELECT * FROM public." + table + " LIMIT 1")).as(table)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO analytics.events (event_id) VALUES (gen_random_uuid())"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("25006", "42501"));
            assertThatThrownBy(() -> s.execute("SELECT public.sieve_rollup_refresh(now(), 1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("25006", "42501"));
            assertThatThrownBy(() -> s.execute("SELECT sieve_ensure_analyst_login('x_y', 'SCRAM-SHA-256$1', 1)"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void badNamesAndTakeoversAreRefused() {
        for (String name : List.of("Robert'); DROP TABLE events; --", "pg_monitor", "", "UPPER")) {
            assertThat(SieveException.codeOf(Await.failure(AnalystLogin.ensure(pool, name, PASSWORD, Duration.ofSeconds(1)))))
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }
        assertThat(SieveException.codeOf(Await.failure(AnalystLogin.ensure(pool, LOGIN, "short", Duration.ofSeconds(1)))))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        for (String existing : List.of("postgres", "sieve_analyst")) {
            Throwable refused = Await.failure(AnalystLogin.ensure(pool, existing, PASSWORD, Duration.ofSeconds(1)));
            assertThat(refused).isInstanceOf(SieveException.class);
        }
        assertThat(Sql.value(uri, "SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'")).isEqualTo(true);
    }
}
