package dev.sieve.ingest.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code GET /metrics}: the Prometheus text of every meter, built on a worker thread.
 *
 * <p>Vert.x's {@code PrometheusScrapingHandler} builds the text on the event loop that took the
 * request. This service's scrape is about 800 lines (a response-time histogram per route, the
 * pools, the JVM) and took 2-3 ms of an idle event loop; under load on 2 cores, longer. Every
 * ingest request queued on that event loop waited for it, once per scrape. Here the event loop
 * only hands the finished text to the connection.
 */
public final class MetricsScrape implements Handler<RoutingContext> {
    /** The Prometheus text exposition format, as Vert.x's own handler answers it. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsScrape(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void handle(RoutingContext ctx) {
        // Unordered: scrapes need not wait for each other, nor for other blocking work of the context.
        ctx.vertx().executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(text))
                .onFailure(ctx::fail);
    }
}
