package dev.sieve.storage.pg;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.storage.embedded.EmbeddedPostgresServer;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: a measurement of the writer against a durable embedded PostgreSQL, printed, never
 * asserted. Run with {@code mvn -pl storage verify -Dit.test=WriterThroughputIT -Dsieve.measure=true}.
 */
@EnabledIfSystemProperty(named = "sieve.measure", matches = "true")
class WriterThroughputIT {
    private static final int ROWS = Integer.getInteger("sieve.measure.rows", 200_000);
    private static final int ROWS_PER_WRITE = 50;

    @Test
    void measure(@TempDir Path dataDir) {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, true)) {
            Migrations.migrate(server.uri());
            Vertx vertx = Vertx.vertx();
            Pool pool = TestPostgres.pool(vertx, server.uri(), 4);
            try {
                run("warm-up, batches of 1000", vertx, pool, 1000, ROWS / 4);
                run("batches of 100", vertx, pool, 100, ROWS);
                run("batches of 1000", vertx, pool, 1000, ROWS);
                baselineWithoutDedupe(pool, 1000, ROWS);
            } finally {
                Await.result(pool.close());
                Await.result(vertx.close());
            }
        }
    }

    private static void run(String label, Vertx vertx, Pool pool, int batchRows, int rows) {
        GroupCommitWriter writer = new GroupCommitWriter(vertx, pool,
                new WriterSettings(batchRows, 0, Duration.ofMillis(2), 2, 20_000), WriterObserver.NONE);
        Semaphore room = new Semaphore(16_000);
        AtomicInteger stored = new AtomicInteger();
        EnforcedEvent template = TestEvents.full(UUID.randomUUID());
        long started = System.nanoTime();
        for (int sent = 0; sent < rows; sent += ROWS_PER_WRITE) {
            room.acquireUninterruptibly(ROWS_PER_WRITE);
            writer.write(copies(template, ROWS_PER_WRITE))
                    .onSuccess(result -> stored.addAndGet(result.stored()))
                    .onComplete(done -> room.release(ROWS_PER_WRITE));
        }
        room.acquireUninterruptibly(16_000);
        report(label, stored.get(), started);
    }

    /** The same rows through a plain INSERT ... SELECT FROM unnest, without the event_ids check. */
    private static void baselineWithoutDedupe(Pool pool, int batchRows, int rows) {
        String sql = EventInsert.WITHOUT_DEDUPE_SQL;
        EnforcedEvent template = TestEvents.full(UUID.randomUUID());
        long started = System.nanoTime();
        List<Future<Integer>> lanes = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            lanes.add(insertBatches(pool, sql, template, batchRows, rows / 2 / batchRows));
        }
        int stored = lanes.stream().mapToInt(Await::result).sum();
        report("baseline: no dedupe, batches of " + batchRows, stored, started);
    }

    private static Future<Integer> insertBatches(Pool pool, String sql, EnforcedEvent template, int batchRows,
                                                 int batches) {
        if (batches == 0) {
            return Future.succeededFuture(0);
        }
        return pool.preparedQuery(sql).execute(EventInsert.bind(copies(template, batchRows)))
                .compose(rows -> insertBatches(pool, sql, template, batchRows, batches - 1)
                        .map(more -> more + rows.rowCount()));
    }

    private static List<EnforcedEvent> copies(EnforcedEvent t, int count) {
        List<EnforcedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new EnforcedEvent(UUID.randomUUID(), t.receivedAt(), t.eventTime(), t.eventType(), t.purpose(),
                    t.userKey(), t.anonymousKey(), t.ipNetwork(), t.ipKey(), t.deviceKey(), t.deviceModel(),
                    t.deviceClass(), t.deviceManufacturer(), t.deviceOs(), t.deviceOsVersion(), t.userAgent(),
                    t.browserFamily(), t.browserMajor(), t.osFamily(), t.properties(), t.policyVersion(),
                    t.consentVersion(), t.consented()));
        }
        return events;
    }

    private static void report(String label, int rows, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf("WRITER THROUGHPUT %-40s %8d rows in %6.2f s = %8.0f rows/s%n",
                label, rows, seconds, rows / seconds);
    }
}
