package dev.sieve.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.Eventually;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The export over real HTTP to a slow reader: every row arrives, chunked, while the live heap
 * (server and client share this JVM) stays flat; a reader that hangs up stops the export and its
 * database transaction.
 */
class ExportStreamingIT {
    static final int ROWS = 100_000;
    static final Instant D = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    private static AnalystApp app;
    private static Db db;

    @BeforeAll
    static void start() throws Exception {
        app = new AnalystApp();
        db = new Db(app.pgUri);
        db.execute("SELECT sieve_ensure_partitions(3, 7)");
        db.execute("INSERT INTO events (event_id, received_at, event_time, event_type, purpose, user_key, browser_family,"
                + " properties, policy_version, consent_version, consented) SELECT gen_random_uuid(), timestamptz '" + D
                + "' + g * interval '500 ms', timestamptz '" + D + "' + g * interval '500 ms', 'page_view', 'analytics',"
                + " 'k1:user-' || (g % 5000), 'Firefox', jsonb_build_object('path', '/p/' || (g % 300), 'title',"
                + " 'A page title of some length ' || g), 1, 1, true FROM generate_series(1, " + ROWS + ") g");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static RequestOptions export(String query) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(app.port())
                .setURI("/v1/export?from=" + D + "&to=" + D.plus(Duration.ofDays(1)) + "&limit=" + ROWS + query)
                .putHeader("Authorization", "Bearer " + AnalystApp.ANALYST);
    }

    @Test
    void aSlowReaderGetsEveryRowWhileTheHeapStaysFlat() throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        AtomicLong lines = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong buffers = new AtomicLong();
        Promise<HttpClientResponse> done = Promise.promise();
        app.client().request(export("")).compose(req -> req.send()).onComplete(ar -> {
            HttpClientResponse resp = ar.result();
            resp.handler(buf -> {
                bytes.addAndGet(buf.length());
                for (int i = 0; i < buf.length(); i++) {
                    if (buf.getByte(i) == '\n') {
                        lines.incrementAndGet();
                    }
                }
                if (buffers.incrementAndGet() % 16 == 0) { // a slow reader: stop for a moment now and then
                    resp.pause();
                    app.vertx.setTimer(2, t -> resp.resume());
                }
            });
            resp.endHandler(v -> done.complete(resp));
            resp.exceptionHandler(done::tryFail);
        });
        HttpClientResponse resp = done.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        running.set(false);
        sampler.join();
        long growth = peak.get() - baseline;
        System.out.printf("MEASURE http-export rows=%d bytes=%d buffers=%d live_heap_growth_mb=%.1f%n", lines.get(),
                bytes.get(), buffers.get(), growth / 1e6);
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.getHeader("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(lines.get()).isEqualTo(ROWS);
        assertThat(resp.trailers().get(ExportHandler.ROWS)).isEqualTo(Integer.toString(ROWS));
        assertThat(resp.trailers().get(ExportHandler.NEXT_CURSOR)).isNotNull(); // the page was full
        assertThat(growth).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void aReaderThatHangsUpEndsTheExportAndItsTransaction() throws Exception {
        Promise<Void> hungUp = Promise.promise();
        app.client().request(export("&format=csv")).compose(req -> req.send()).onSuccess(resp -> {
            AtomicLong seen = new AtomicLong();
            resp.handler(buf -> {
                if (seen.addAndGet(buf.length()) > 256 * 1024 && !hungUp.future().isComplete()) {
                    resp.request().connection().close();
                    hungUp.tryComplete();
                }
            });
            resp.exceptionHandler(e -> hungUp.tryComplete());
        });
        hungUp.future().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        Eventually.within(Duration.ofSeconds(10), () -> db.count("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()"
                + " AND backend_type = 'client backend'") == 0);
        AnalystApp.Reply after = app.get("/v1/query/counts?bucket=day&from=" + D + "&to=" + D.plus(Duration.ofDays(1)),
                AnalystApp.ANALYST);
        assertThat(after.status()).isEqualTo(200);
    }
}
