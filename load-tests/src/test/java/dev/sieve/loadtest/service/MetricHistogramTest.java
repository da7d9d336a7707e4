package dev.sieve.loadtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MetricHistogramTest {
    private static final String METRICS = WriterStatementsTest.METRICS;

    @Test
    void aQuantileIsTheUpperBoundOfTheBucketItFallsIn() {
        MetricHistogram commits = MetricHistogram.parse(METRICS, "sieve_writer_commit_seconds");

        assertThat(commits.count()).isEqualTo(512);
        assertThat(commits.msAtMost(0.5)).as("the 256th of 512 is in the bucket up to 2.1 ms")
                .isCloseTo(2.097151, Offset.offset(1e-9));
        assertThat(commits.msAtMost(0.99)).as("the 507th of 512").isCloseTo(16.777216, Offset.offset(1e-9));
        assertThat(commits.msAtMost(0.986)).as("the 505th of 512, the last one of its bucket")
                .isCloseTo(8.388607, Offset.offset(1e-9));
        assertThat(commits.msAtMost(1.0)).as("beyond the last finite bound").isNaN();
        assertThat(MetricHistogram.EMPTY.msAtMost(0.99)).as("nothing observed").isNaN();
    }

    @Test
    void theSeriesThatMatchTheLabelsAreSummedBucketByBucket() {
        MetricHistogram ingest = MetricHistogram.parse(METRICS, "vertx_http_server_response_time_seconds",
                "method=\"POST\"", ServiceMetrics.INGEST_ROUTE);

        assertThat(ingest.buckets()).containsEntry(0.001, 5L).containsEntry(0.002097151, 91L)
                .containsEntry(Double.POSITIVE_INFINITY, 101L).hasSize(3);
        assertThat(MetricHistogram.parse(METRICS, "vertx_http_server_response_time_seconds").count())
                .as("every route").isEqualTo(108);
        assertThat(MetricHistogram.parse(METRICS, "vertx_http_server_response_time_seconds", "route=\"/v2\"")
                .count()).as("no series matches").isZero();
    }

    @Test
    void aPhaseCountsWhatWasObservedSinceItsStart() {
        ServiceMetrics before = ServiceMetrics.parse(METRICS.replace("le=\"+Inf\"} 100", "le=\"+Inf\"} 95")
                .replace("le=\"0.002097151\"} 90", "le=\"0.002097151\"} 85"));
        ServiceMetrics phase = ServiceMetrics.parse(METRICS).since(before);

        assertThat(phase.ingestResponses().buckets()).containsEntry(0.001, 0L).containsEntry(0.002097151, 5L)
                .containsEntry(Double.POSITIVE_INFINITY, 5L);
        assertThat(phase.ingestResponses().msAtMost(0.99)).isCloseTo(2.097151, Offset.offset(1e-9));
        assertThat(phase.statements().statements()).as("no statement between the two readings").isZero();
    }
}
