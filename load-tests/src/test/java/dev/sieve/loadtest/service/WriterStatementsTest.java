package dev.sieve.loadtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class WriterStatementsTest {

    static final String METRICS = """
            # HELP sieve_writer_batch_rows Rows per committed batch
            # TYPE sieve_writer_batch_rows histogram
            sieve_writer_batch_rows_bucket{le="1.0"} 23
            sieve_writer_batch_rows_count 512
            sieve_writer_batch_rows_sum 359400.0
            sieve_writer_batch_rows_max 1000.0
            # HELP sieve_writer_commit_seconds Time from sending a batch to its commit
            # TYPE sieve_writer_commit_seconds histogram
            sieve_writer_commit_seconds_bucket{le="0.001"} 12
            sieve_writer_commit_seconds_bucket{le="0.002097151"} 300
            sieve_writer_commit_seconds_bucket{le="0.008388607"} 505
            sieve_writer_commit_seconds_bucket{le="0.016777216"} 510
            sieve_writer_commit_seconds_bucket{le="+Inf"} 512
            sieve_writer_commit_seconds_count 512
            sieve_writer_commit_seconds_sum 24.576
            # TYPE sieve_writer_commit_seconds_max gauge
            sieve_writer_commit_seconds_max 0.2
            sieve_writer_batches_sent_twice_total 3.0
            vertx_http_server_response_time_seconds_bucket{code="200",method="POST",route="/v1/events>/v1/events",le="0.001"} 4
            vertx_http_server_response_time_seconds_bucket{code="200",method="POST",route="/v1/events>/v1/events",le="0.002097151"} 90
            vertx_http_server_response_time_seconds_bucket{code="200",method="POST",route="/v1/events>/v1/events",le="+Inf"} 100
            vertx_http_server_response_time_seconds_bucket{code="400",method="POST",route="/v1/events>/v1/events",le="0.001"} 1
            vertx_http_server_response_time_seconds_bucket{code="400",method="POST",route="/v1/events>/v1/events",le="0.002097151"} 1
            vertx_http_server_response_time_seconds_bucket{code="400",method="POST",route="/v1/events>/v1/events",le="+Inf"} 1
            vertx_http_server_response_time_seconds_bucket{code="200",method="GET",route="/metrics",le="0.001"} 0
            vertx_http_server_response_time_seconds_bucket{code="200",method="GET",route="/metrics",le="0.002097151"} 0
            vertx_http_server_response_time_seconds_bucket{code="200",method="GET",route="/metrics",le="+Inf"} 7
            """;

    @Test
    void readsTheStatementCountersOfThePrometheusText() {
        WriterStatements w = WriterStatements.parse(METRICS);

        assertThat(w).isEqualTo(new WriterStatements(512, 359_400, 24.576, new MetricHistogram(new TreeMap<>(Map.of(
                0.001, 12L, 0.002097151, 300L, 0.008388607, 505L, 0.016777216, 510L,
                Double.POSITIVE_INFINITY, 512L)))));
        assertThat(w.rowsPerStatement()).isCloseTo(701.95, Offset.offset(0.01));
        assertThat(w.commitMsPerStatement()).isCloseTo(48.0, Offset.offset(0.001));
    }

    @Test
    void aPhaseCountsWhatWasSentSinceItsStart() {
        WriterStatements before = new WriterStatements(12, 1_200, 0.5, new MetricHistogram(new TreeMap<>(Map.of(
                0.001, 2L, 0.002097151, 10L, 0.008388607, 12L, 0.016777216, 12L, Double.POSITIVE_INFINITY, 12L))));
        WriterStatements phase = WriterStatements.parse(METRICS).since(before);

        assertThat(phase.statements()).isEqualTo(500);
        assertThat(phase.rows()).isEqualTo(358_200);
        assertThat(phase.commitTimes().buckets()).containsEntry(0.001, 10L).containsEntry(0.002097151, 290L)
                .containsEntry(Double.POSITIVE_INFINITY, 500L);
        assertThat(phase.commitTimes().count()).isEqualTo(phase.statements());
        assertThat(WriterStatements.parse("").rowsPerStatement()).as("no writer metrics yet").isZero();
    }
}
