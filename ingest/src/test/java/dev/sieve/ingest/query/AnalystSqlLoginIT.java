package dev.sieve.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.ingest.boot.SieveServer;
import dev.sieve.ingest.config.ConfigLoader;
import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.FreePort;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The service creates the analysts' SQL login at start from its settings: a read-only member of
 * {@code sieve_analyst} with the configured statement timeout that sees schema {@code analytics}
 * and nothing else; the banner says how to connect; the password is never printed.
 */
class AnalystSqlLoginIT {
    private static final String PASSWORD = "an4lyst-Passw0rd-" + ThreadLocalRandom.current().nextInt(1_000_000);

    @Test
    void theServiceCreatesTheConfiguredLoginAtStart() throws Exception {
        String pg = TestPostgres.freshDatabase();
        // Roles belong to the whole test cluster: a name of its own per run.
        String login = "analyst_it_" + ThreadLocalRandom.current().nextInt(1_000_000);
        Map<String, String> env = new HashMap<>();
        env.put("SIEVE_PG_URL", pg);
        env.put("SIEVE_HTTP_PORT", Integer.toString(FreePort.find()));
        env.put("SIEVE_HTTP_HOST", "127.0.0.1");
        env.put("SIEVE_EVENT_LOOPS", "1");
        env.put("SIEVE_PSEUDONYM_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("SIEVE_ANALYST_DB_LOGIN", login);
        env.put("SIEVE_ANALYST_DB_PASSWORD", PASSWORD);
        env.put("SIEVE_QUERY_STATEMENT_TIMEOUT_MS", "4321");
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (SieveServer server = SieveServer.start(ConfigLoader.load(env, new String[0]))) {
            server.printBanner(new PrintStream(banner, true, StandardCharsets.UTF_8));
        }
        String printed = banner.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("psql \"postgresql://" + login + "@").doesNotContain(PASSWORD);

        Db db = new Db(pg);
        Map<String, Object> role = db.rows("SELECT rolcanlogin, rolsuper, rolconfig::text AS config,"
                + " pg_has_role(rolname, 'sieve_analyst', 'USAGE') AS member FROM pg_roles WHERE rolname = ?", login).get(0);
        assertThat(role).containsEntry("rolcanlogin", true).containsEntry("rolsuper", false)
                .containsEntry("member", true);
        assertThat((String) role.get("config")).contains("default_transaction_read_only=on",
                "statement_timeout=4321", "search_path=analytics");

        PgUri uri = PgUri.parse(pg);
        try (Connection c = DriverManager.getConnection(uri.jdbcUrl(), login, PASSWORD); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM events")) { // analytics.events by search_path
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM public.consent_state"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("CREATE TABLE analytics.x (i int)"))
                    .isInstanceOf(SQLException.class);
        }
    }
}
