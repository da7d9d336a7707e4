package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PartitionMaintenanceIT {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static Vertx vertx;
    private static String uri;
    private static Pool pool;
    private static PartitionMaintenance maintenance;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 4);
        maintenance = new PartitionMaintenance(pool);
    }

    @AfterAll
    static void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    private static Set<String> partitions() {
        return Sql.rows(uri, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'events'::regclass").stream()
                .map(row -> (String) row.get("relname")).collect(Collectors.toSet());
    }

    private static String partitionOf(int daysFromToday) {
        return "events_" + LocalDate.now(ZoneOffset.UTC).plusDays(daysFromToday).format(DAY);
    }

    @Test
    void migrationCreatesPartitionsFromYesterdayToAWeekAheadAndNoDefault() {
        Set<String> partitions = partitions();

        for (int day = -1; day <= 7; day++) {
            assertThat(partitions).contains(partitionOf(day));
        }
        assertThat(Sql.rows(uri, "SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'events'::regclass"
                + " AND partdefid <> 0")).isEmpty();
    }

    private static Map<String, Integer> statisticsTargets(String table) {
        return Sql.rows(uri, "SELECT attname::text AS name, attstattarget::int AS target"
                        + " FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attnum > 0"
                        + " AND NOT attisdropped").stream()
                .collect(Collectors.toMap(r -> (String) r.get("name"), r -> ((Number) r.get("target")).intValue()));
    }

    private static void assertGrowingTargets(String partition) {
        assertThat(statisticsTargets(partition)).as(partition)
                .containsEntry("properties", 0).containsEntry("event_id", 0).containsEntry("user_agent", 0)
                .containsEntry("event_type", 10).containsEntry("received_at", 10).containsEntry("user_key", 10)
                .containsEntry("browser_family", 10);
    }

    private static void assertParentTargets(String partition) {
        assertThat(statisticsTargets(partition)).as(partition)
                .containsEntry("properties", 0).containsEntry("event_id", 0).containsEntry("user_agent", 0)
                .containsEntry("event_type", -1).containsEntry("received_at", -1).containsEntry("user_key", -1)
                .containsEntry("browser_family", -1);
    }

    @Test
    void growingPartitionsKeepLowStatisticsTargetsAndPastOnesTheParents() {
        Sql.execute(uri, "DROP TABLE " + partitionOf(6));
        Await.result(maintenance.ensurePartitions());

        assertParentTargets("events");
        assertParentTargets(partitionOf(-1));
        assertThat(statisticsTargets("event_ids")).containsEntry("event_id", 0).containsEntry("received_at", -1);
        // today's came from the migration, the one 6 days ahead was just created again
        assertGrowingTargets(partitionOf(0));
        assertGrowingTargets(partitionOf(6));
    }

    @Test
    void settlingGivesAPastPartitionTheParentsTargetsWithOneAnalyzeAndKeepsTodaysLow() {
        String yesterday = partitionOf(-1);
        Sql.value(uri, "SELECT sieve_set_partition_statistics('" + yesterday + "'::regclass, true)");
        Sql.execute(uri, "ALTER TABLE " + partitionOf(0) + " ALTER COLUMN event_type SET STATISTICS -1");
        Sql.execute(uri, "INSERT INTO " + yesterday + " (event_id, received_at, event_time, event_type, purpose,"
                + " policy_version, consent_version) SELECT gen_random_uuid(), ?, ?, 'page_view', 'analytics', 1, 0"
                + " FROM generate_series(1, 50)", OffsetDateTime.now(ZoneOffset.UTC).minusDays(1),
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
        assertGrowingTargets(yesterday);
        assertThat(Sql.rows(uri, "SELECT 1 FROM pg_stats WHERE tablename = ?", yesterday)).isEmpty();

        assertThat(Await.result(maintenance.settlePartitions(0))).isZero();
        assertGrowingTargets(yesterday);
        assertGrowingTargets(partitionOf(0));

        assertThat(Await.result(maintenance.settlePartitions(2))).isEqualTo(1);
        assertParentTargets(yesterday);
        assertThat(Sql.value(uri, "SELECT most_common_vals::text FROM pg_stats WHERE tablename = ?"
                + " AND attname = 'event_type'", yesterday)).isEqualTo("{page_view}");
        assertThat(Sql.rows(uri, "SELECT 1 FROM pg_stats WHERE tablename = ? AND attname = 'properties'",
                yesterday)).isEmpty();
        assertThat(Await.result(maintenance.settlePartitions(2))).isZero();
    }

    @Test
    void settlingWithALimitTakesTheNewestPastPartitionsFirst() {
        String own = TestPostgres.freshDatabase();
        Pool ownPool = TestPostgres.pool(vertx, own, 2);
        try {
            LocalDate threeDaysAgo = LocalDate.now(ZoneOffset.UTC).minusDays(3);
            Sql.execute(own, "CREATE TABLE " + partitionOf(-3) + " PARTITION OF events FOR VALUES FROM ('"
                    + threeDaysAgo + " 00:00+00') TO ('" + threeDaysAgo.plusDays(1) + " 00:00+00')");
            for (String past : List.of(partitionOf(-3), partitionOf(-1))) {
                Sql.value(own, "SELECT sieve_set_partition_statistics('" + past + "'::regclass, true)");
            }
            PartitionMaintenance ownMaintenance = new PartitionMaintenance(ownPool);

            assertThat(Await.result(ownMaintenance.settlePartitions(1))).isEqualTo(1);
            assertThat(targetOf(own, partitionOf(-1))).isEqualTo(-1);
            assertThat(targetOf(own, partitionOf(-3))).isEqualTo(10);

            assertThat(Await.result(ownMaintenance.settlePartitions(1))).isEqualTo(1);
            assertThat(targetOf(own, partitionOf(-3))).isEqualTo(-1);
            assertThat(Await.result(ownMaintenance.settlePartitions(1))).isZero();
        } finally {
            Await.result(ownPool.close());
        }
    }

    private static int targetOf(String database, String partition) {
        return ((Number) Sql.value(database, "SELECT attstattarget::int FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attname = 'event_type'", partition)).intValue();
    }

    @Test
    void ensurePartitionsIsIdempotentAndRecreatesAMissingOne() {
        Sql.execute(uri, "DROP TABLE " + partitionOf(5));
        Set<String> before = partitions();
        assertThat(before).doesNotContain(partitionOf(5));

        Await.result(Future.all(maintenance.ensurePartitions(), maintenance.ensurePartitions(),
                maintenance.ensurePartitions()));
        Await.result(maintenance.ensurePartitions());

        assertThat(partitions()).contains(partitionOf(5)).hasSize(before.size() + 1);
    }

    @Test
    void pruneForgetsOnlyIdsOlderThanTheWindowInBoundedBatches() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<UUID> old = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID recent = UUID.randomUUID();
        for (UUID id : old) {
            Sql.execute(uri, "INSERT INTO event_ids VALUES (?, ?)", id, now.minusDays(8));
        }
        Sql.execute(uri, "INSERT INTO event_ids VALUES (?, ?)", recent, now.minusDays(6));

        assertThat(Await.result(maintenance.pruneDedupeIds(PartitionMaintenance.DEFAULT_DEDUPE_WINDOW, 2))).isEqualTo(2);
        assertThat(Await.result(maintenance.pruneDedupeIds(PartitionMaintenance.DEFAULT_DEDUPE_WINDOW, 2))).isEqualTo(1);
        assertThat(Await.result(maintenance.pruneDedupeIds(PartitionMaintenance.DEFAULT_DEDUPE_WINDOW, 2))).isZero();

        List<Map<String, Object>> left = Sql.rows(uri, "SELECT event_id FROM event_ids WHERE event_id = ANY(?)",
                (Object) new UUID[] {old.get(0), old.get(1), old.get(2), recent});
        assertThat(left).extracting(row -> row.get("event_id")).containsExactly(recent);
    }

    @Test
    void everyTableAndTheFunctionAreDocumented() {
        for (String table : List.of("events", "event_ids", "consent_subjects", "consent_state", "consent_history",
                "policies", "api_keys")) {
            assertThat(Sql.value(uri, "SELECT obj_description(?::regclass, 'pg_class')", table))
                    .as(table).isNotNull();
        }
        for (String function : List.of("sieve_ensure_partitions(int, int)", "sieve_settle_partitions(int)",
                "sieve_set_partition_statistics(regclass, boolean)", "sieve_partition_statistics_target(int, boolean)")) {
            assertThat(Sql.value(uri, "SELECT obj_description(?::regprocedure, 'pg_proc')", function))
                    .as(function).isNotNull();
        }
    }

    @Test
    void migratingAgainChangesNothing() {
        assertThat(Migrations.migrate(uri)).isZero();
    }
}
