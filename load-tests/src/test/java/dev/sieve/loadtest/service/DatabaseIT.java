package dev.sieve.loadtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.storage.embedded.EmbeddedPostgresServer;
import dev.sieve.storage.pg.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseIT {

    @Test
    void maintenanceRunsCountVacuumAndAnalyzeOfTheEventTablesOnly(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0, false)) {
            Migrations.migrate(pg.uri());
            Database db = new Database(pg.uri());
            String today = "events_" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
            MaintenanceRuns before = db.maintenanceRuns();

            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("VACUUM " + today);
                s.execute("VACUUM event_ids");
                s.execute("ANALYZE event_ids");
                s.execute("VACUUM ANALYZE consent_subjects"); // not an event table
            }

            assertThat(db.maintenanceRuns().since(before)).isEqualTo(new MaintenanceRuns(2, 1));
        }
    }
}
