package dev.sieve.ingest.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;

/**
 * Gauges that vertx-micrometer-metrics 5.0 registers once per HTTP connection, per request or per
 * database connection, each time under the same id (vert-x3/vertx-micrometer-metrics#259).
 * Micrometer keeps the first registration and ignores the others with a warning, so the value
 * scraped follows one connection only: {@code vertx_http_server_active_connections} stayed at 0 or 1
 * under any load. They are not registered at all. The counters, timers and summaries beside them
 * are shared by every registration and stay right, and {@code vertx_pool_*} tells how busy each
 * database pool is.
 */
public final class BrokenVertxGauges {
    static final Set<String> NAMES = Set.of(
            "vertx.http.server.active.connections",
            "vertx.http.server.active.requests",
            "vertx.net.client.active.connections",
            "vertx.sql.processing.pending");

    private BrokenVertxGauges() {
    }

    public static MeterFilter deny() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && NAMES.contains(id.getName()));
    }
}
