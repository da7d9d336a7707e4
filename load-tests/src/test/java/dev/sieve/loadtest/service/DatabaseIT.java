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

    @Test
    void resetEventsLeavesNoClosedRollupBucketForTheServiceToRecompute(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0, false)) {
            Migrations.migrate(pg.uri());
            Database db = new Database(pg.uri());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT sieve_rollup_refresh(now(), 100000)");
            }
            assertThat(db.count("SELECT count(*) FROM event_rollup_buckets"))
                    .as("yesterday's partition has 24 closed hours and a closed day").isGreaterThanOrEqualTo(25);

            db.resetEvents();

            // The TRUNCATE forgot every bucket; all of them are computed again.
            assertThat(db.count("SELECT count(*) FROM event_rollup_buckets")).isGreaterThanOrEqualTo(25);
            assertThat(db.count("SELECT sieve_rollup_refresh(now(), 100000)")).as("buckets still missing").isZero();
        }
    }

    @Test
    void walSegmentsCountTheSegmentsPostgresCreates(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0, false)) {
            Database db = new Database(pg.uri());
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE wal_filler (n int)");
                // This server is not durable (synchronous_commit=off): a commit's WAL would reach its
                // segment file, and so create it, only when the WAL writer gets to it, after the count
                // (a CI run counted 2 of 3). Committed WAL is written at once in this session.
                s.execute("SET synchronous_commit = on");
                // Use up the segments the last checkpoint made ready for reuse, until one is created.
                long ready = db.walSegments();
                for (int i = 0; i < 20 && db.walSegments() == ready; i++) {
                    switchSegment(s);
                }
                long before = db.walSegments();
                assertThat(before).isGreaterThan(ready);
                for (int i = 0; i < 3; i++) {
                    switchSegment(s);
                }
                assertThat(db.walSegments() - before).isEqualTo(3);
            }
        }
    }

    /** Writes a record into a new segment: the insert after a switch needs the segment after it. */
    private static void switchSegment(Statement s) throws Exception {
        s.execute("SELECT pg_switch_wal()");
        s.execute("INSERT INTO wal_filler VALUES (1)");
    }
}
