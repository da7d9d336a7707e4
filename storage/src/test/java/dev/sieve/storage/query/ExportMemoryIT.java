package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed export of many rows (1,000,000 with -Dsieve.measure=true, else 200,000 to keep CI
 * short) keeps the JVM's live heap bounded: sampled after a full GC every second while it runs.
 * Also: every analyst statement runs under the statement timeout.
 */
class ExportMemoryIT {
    static final int ROWS = Boolean.getBoolean("sieve.measure") ? 1_000_000 : Integer.getInteger("sieve.export.rows", 200_000);
    /** Far below what the export writes (~380 bytes a row), far above what one fetch and one chunk need. */
    static final long MAX_LIVE_GROWTH = 64L * 1024 * 1024;
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(6));
    private static final AnalystScope ALL = AnalystScope.unrestricted("0123456789ab");
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void start() {
        String uri = TestPostgres.freshDatabase();
        long began = System.nanoTime();
        SyntheticEvents.generate(uri, START, Duration.ofDays(5), ROWS, 20_000);
        System.out.printf("MEASURE export-setup rows=%d generated_in_ms=%d%n", ROWS, (System.nanoTime() - began) / 1_000_000);
        assertThat(((Number) Sql.value(uri, "SELECT count(*) FROM events")).longValue()).isEqualTo(ROWS);
        vertx = Vertx.vertx();
        pool = TestPostgres.pool(vertx, uri, 2);
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    @Test
    void aLargeExportStreamsWithBoundedMemory() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                sleep(1000);
            }
        }, "heap-sampler");
        sampler.start();
        TestSink sink = new TestSink(vertx, 4, false);
        long began = System.nanoTime();
        ExportQuery all = new ExportQuery(EventFilter.of(new TimeRange(START, START.plus(Duration.ofDays(6)))),
                null, ExportQuery.MAX_LIMIT);
        ExportSummary summary = Patiently.result(new EventExport(pool, QuerySettings.DEFAULTS)
                .export(all, ALL, ExportFormat.NDJSON, sink, Promise.promise().future()), Duration.ofMinutes(10));
        long millis = (System.nanoTime() - began) / 1_000_000;
        running.set(false);
        sampler.join();

        long growth = peak.get() - baseline;
        System.out.printf("MEASURE export rows=%d bytes=%d ms=%d rows_per_s=%d pauses=%d heap_baseline_mb=%.1f"
                        + " peak_live_heap_mb=%.1f growth_mb=%.1f max_heap_mb=%d%n", summary.rows(), sink.bytes, millis,
                summary.rows() * 1000 / Math.max(1, millis), sink.pauses, baseline / 1e6, peak.get() / 1e6, growth / 1e6,
                Runtime.getRuntime().maxMemory() / 1_000_000);
        assertThat(summary.rows()).isEqualTo(ROWS);
        assertThat(sink.lines).isEqualTo(ROWS);
        assertThat(sink.bytes).isEqualTo(summary.bytes()).isGreaterThan(ROWS * 200L);
        assertThat(sink.lastLine).contains(summary.last().eventId().toString());
        assertThat(sink.pauses).as("the cursor paused for the slow reader").isPositive();
        assertThat(growth).as("live heap growth while streaming").isLessThan(MAX_LIVE_GROWTH);
    }

    @Test
    void everyQueryRunsUnderTheStatementTimeout() {
        AnalystQueries hasty = new AnalystQueries(pool, QuerySettings.withTimeout(Duration.ofMillis(1)));
        EventFilter all = EventFilter.of(new TimeRange(START, START.plus(Duration.ofDays(6))));
        Throwable failure = Await.failure(hasty.counts(new CountsQuery(all, Grain.DAY), ALL));
        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(failure).hasMessageContaining("statement timeout of 1 ms");
        Throwable export = Await.failure(new EventExport(pool, QuerySettings.withTimeout(Duration.ofMillis(1)))
                .export(new ExportQuery(all, null, 10), ALL, ExportFormat.CSV, new TestSink(vertx, 4, true),
                        Promise.promise().future()));
        assertThat(export).hasMessageContaining("statement timeout");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
