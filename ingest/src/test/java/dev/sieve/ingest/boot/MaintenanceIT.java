package dev.sieve.ingest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One run of the periodic housekeeping does each of its three jobs, against a real PostgreSQL. */
class MaintenanceIT {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private static String partitionOf(int daysFromToday) {
        return "events_" + LocalDate.now(ZoneOffset.UTC).plusDays(daysFromToday).format(DAY);
    }

    @Test
    void oneRunCreatesPartitionsSettlesStatisticsAndPrunesOldIds() throws Exception {
        String uri = TestPostgres.freshDatabase();
        String yesterday = partitionOf(-1);
        Sql.execute(uri, "DROP TABLE " + partitionOf(3));
        Sql.value(uri, "SELECT sieve_set_partition_statistics('" + yesterday + "'::regclass, true)");
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Sql.execute(uri, "INSERT INTO event_ids VALUES (?, ?)", old, OffsetDateTime.now(ZoneOffset.UTC).minusDays(8));
        Sql.execute(uri, "INSERT INTO event_ids VALUES (?, ?)", recent, OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));

        runOnce(uri);

        assertThat(Sql.rows(uri, "SELECT 1 FROM pg_class WHERE relname = ?", partitionOf(3))).hasSize(1);
        assertThat(Sql.rows(uri, "SELECT attstattarget::int AS target FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attname = 'event_type'", yesterday).get(0)).containsEntry("target", -1);
        assertThat(Sql.rows(uri, "SELECT attstattarget::int AS target FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attname = 'event_type'", partitionOf(0)).get(0)).containsEntry("target", 10);
        assertThat(Sql.rows(uri, "SELECT event_id FROM event_ids")).extracting(row -> row.get("event_id"))
                .containsExactly(recent);
    }

    @Test
    void aFailingJobDoesNotKeepTheOthersFromRunning() throws Exception {
        String uri = TestPostgres.freshDatabase();
        Sql.execute(uri, "DROP FUNCTION sieve_settle_partitions(int)");
        Sql.execute(uri, "DROP TABLE " + partitionOf(3));
        UUID old = UUID.randomUUID();
        Sql.execute(uri, "INSERT INTO event_ids VALUES (?, ?)", old, OffsetDateTime.now(ZoneOffset.UTC).minusDays(8));

        runOnce(uri);

        assertThat(Sql.rows(uri, "SELECT 1 FROM pg_class WHERE relname = ?", partitionOf(3))).hasSize(1);
        assertThat(Sql.rows(uri, "SELECT event_id FROM event_ids")).isEmpty();
    }

    private static void runOnce(String uri) throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool pool = TestPostgres.pool(vertx, uri, 2);
        try {
            new Maintenance(pool, Duration.ofDays(7)).run().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } finally {
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
