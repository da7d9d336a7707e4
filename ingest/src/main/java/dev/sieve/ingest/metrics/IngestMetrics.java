package dev.sieve.ingest.metrics;

import dev.sieve.enforcement.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Sieve's own meters. HTTP requests by status come from vertx-micrometer-metrics
 * ({@code vertx_http_server_requests_total}); these count what happened to events.
 * Meters are created once and shared by every event loop (Micrometer meters are thread-safe).
 */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final DistributionSummary batchRows;
    private final Timer commitLatency;
    private final Counter batchFailures;
    private final Counter batchesSentTwice;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = events("accepted", "none");
        this.duplicates = events("duplicate", "none");
        for (DropReason r : DropReason.values()) {
            dropped.put(r, events("dropped", r.wireName()));
        }
        this.batchRows = DistributionSummary.builder("sieve.writer.batch.rows")
                .description("Rows per committed batch").publishPercentileHistogram().register(registry);
        this.commitLatency = Timer.builder("sieve.writer.commit")
                .description("Time from sending a batch to its commit").publishPercentileHistogram().register(registry);
        this.batchFailures = Counter.builder("sieve.writer.batch.failures")
                .description("Batches that failed to commit").register(registry);
        this.batchesSentTwice = Counter.builder("sieve.writer.batches.sent.twice")
                .description("Batches that held an id stored before (a retry) and were sent again with the"
                        + " statement that skips stored ids").register(registry);
    }

    private Counter events(String outcome, String reason) {
        return Counter.builder("sieve.events").description("Events by outcome")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    public void accepted(int n) {
        accepted.increment(n);
    }

    public void duplicates(int n) {
        duplicates.increment(n);
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    /** Counts {@code n} events dropped at once (e.g. by a storage node's erasure quarantine). */
    public void dropped(DropReason reason, int n) {
        dropped.get(reason).increment(n);
    }

    /** Counts a rejected event; {@code code} is a fixed reason code, never client text. */
    public void rejected(String code) {
        rejected.computeIfAbsent(code, c -> events("rejected", c)).increment();
    }

    public void batchCommitted(int rows, long commitNanos) {
        batchRows.record(rows);
        commitLatency.record(commitNanos, TimeUnit.NANOSECONDS);
    }

    public void batchFailed() {
        batchFailures.increment();
    }

    public void batchSentTwice() {
        batchesSentTwice.increment();
    }

    /** A counter read from {@code source} at scrape time; {@code value} must only grow. */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, source, value).description(description)
                .register(registry);
    }

    /** A gauge read from {@code source} at scrape time, e.g. the writers' queued rows. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        io.micrometer.core.instrument.Gauge.builder(name, source, value).description(description).register(registry);
    }
}
