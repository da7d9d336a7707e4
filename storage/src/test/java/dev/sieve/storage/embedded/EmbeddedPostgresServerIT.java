package dev.sieve.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIT {

    @Test
    void aDurableServerSyncsCommitsAndKeepsDataAcrossARestart(@TempDir Path dataDir) {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true)) {
            String uri = server.uri();
            assertThat(uri).isEqualTo("postgresql://postgres@127.0.0.1:" + server.port() + "/sieve");
            assertThat(Sql.value(uri, "SHOW fsync")).isEqualTo("on");
            assertThat(Sql.value(uri, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(Sql.value(uri, "SHOW full_page_writes")).isEqualTo("on");
            Sql.execute(uri, "CREATE TABLE kept (note text)");
            Sql.execute(uri, "INSERT INTO kept VALUES ('survives a restart')");

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0, true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        }
        assertThat(dataDir.resolve("pg/PG_VERSION")).exists();

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, 0, true)) {
            assertThat(Sql.value(again.uri(), "SELECT note FROM kept")).isEqualTo("survives a restart");
        }
    }

    @Test
    void theServiceSettingsReachTheServerAndNoneMayWeakenDurability(@TempDir Path dataDir) {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true,
                EmbeddedPostgresServer.SERVICE_SETTINGS)) {
            assertThat(Sql.value(server.uri(), "SHOW shared_buffers")).isEqualTo("1GB");
            assertThat(Sql.value(server.uri(), "SHOW max_wal_size")).isEqualTo("4GB");
            assertThat(Sql.value(server.uri(), "SHOW checkpoint_timeout")).isEqualTo("15min");
            assertThat(Sql.value(server.uri(), "SHOW autovacuum_vacuum_cost_limit")).isEqualTo("50");
            assertThat(Sql.value(server.uri(), "SHOW wal_init_zero")).isEqualTo("off");
            assertThat(Sql.value(server.uri(), "SHOW fsync")).isEqualTo("on");
        }
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0, true, Map.of("synchronous_commit", "off")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("synchronous_commit");
    }

    @Test
    void theTestServerKeepsZonkysFastSettings() {
        String uri = TestPostgres.server().uri("postgres");

        assertThat(Sql.value(uri, "SHOW fsync")).isEqualTo("off");
    }

    @Test
    void aStalePidFileNamingAnotherServersProcessDoesNotStopThatServer(@TempDir Path pgData) throws Exception {
        String shared = TestPostgres.server().uri("postgres");
        PgUri pg = PgUri.parse(shared);
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement statement = connection.createStatement();
             ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            Files.writeString(pgData.resolve("postmaster.pid"), backend.getLong(1) + "\n" + pgData + "\n");

            OrphanPostmaster.stopIfRunning(pgData, Duration.ofSeconds(5));

            assertThat(pgData.resolve("postmaster.pid")).doesNotExist();
        }
        assertThat(Sql.value(shared, "SELECT 1")).isEqualTo(1);
    }

    @Test
    void anOrphanLeftByAKilledJvmIsStoppedBeforeStarting(@TempDir Path dataDir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanServerMain.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        long orphanPid;
        try {
            awaitReady(child);
            orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).trim());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            child.waitFor(30, TimeUnit.SECONDS);
        }
        PostmasterProcess orphan = new PostmasterProcess(orphanPid);
        assertThat(orphan.isRunning()).as("the postmaster outlives the killed JVM").isTrue();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, false)) {
            assertThat(orphan.isRunning()).isFalse();
            long newPid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).trim());
            assertThat(newPid).isNotEqualTo(orphanPid);
            assertThat(Sql.value(server.uri(), "SELECT note FROM marker")).isEqualTo("written before the kill");
        }
    }

    private static void awaitReady(Process child) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith("READY")) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child JVM exited before READY:\n" + seen);
    }
}
