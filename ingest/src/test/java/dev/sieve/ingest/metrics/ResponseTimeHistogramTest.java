package dev.sieve.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseTimeHistogramTest {
    @Test
    void theHttpServerResponseTimeIsPublishedAsAHistogramAndOtherTimersAreLeftAsTheyAre() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(ResponseTimeHistogram.publish());
        Timer.builder(ResponseTimeHistogram.NAME).tag("route", "/v1/events").register(registry)
                .record(Duration.ofMillis(3));
        Timer.builder("vertx.sql.processing.time").register(registry).record(Duration.ofMillis(3));

        String scraped = registry.scrape();

        assertThat(scraped).contains("vertx_http_server_response_time_seconds_bucket{route=\"/v1/events\",le=\"0.001\"} 0",
                "vertx_http_server_response_time_seconds_bucket{route=\"/v1/events\",le=\"0.003145726\"} 1",
                "vertx_http_server_response_time_seconds_bucket{route=\"/v1/events\",le=\"+Inf\"} 1");
        assertThat(scraped.lines().filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket")))
                .as("buckets from 1 ms to 10 s").hasSizeBetween(50, 70)
                .noneMatch(l -> l.contains("le=\"30.0\""));
        assertThat(scraped).doesNotContain("vertx_sql_processing_time_seconds_bucket");
    }
}
