package dev.sieve.loadtest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class WriterStatementsTest {

    private static final String METRICS = """
            # HELP sieve_writer_batch_rows Rows per committed batch
            # TYPE sieve_writer_batch_rows histogram
            sieve_writer_batch_rows_bucket{le="1.0"} 23
            sieve_writer_batch_rows_count 512
            sieve_writer_batch_rows_sum 359400.0
            sieve_writer_batch_rows_max 1000.0
            # TYPE sieve_writer_commit_seconds summary
            sieve_writer_commit_seconds_count 512
            sieve_writer_commit_seconds_sum 24.576
            sieve_writer_commit_seconds_max 0.2
            sieve_writer_batches_sent_twice_total 3.0
            """;

    @Test
    void readsTheStatementCountersOfThePrometheusText() {
        WriterStatements w = WriterStatements.parse(METRICS);

        assertThat(w).isEqualTo(new WriterStatements(512, 359_400, 24.576));
        assertThat(w.rowsPerStatement()).isCloseTo(701.95, Offset.offset(0.01));
        assertThat(w.commitMsPerStatement()).isCloseTo(48.0, Offset.offset(0.001));
    }

    @Test
    void aPhaseCountsWhatWasSentSinceItsStart() {
        WriterStatements before = new WriterStatements(12, 1_200, 0.5);
        WriterStatements phase = WriterStatements.parse(METRICS).since(before);

        assertThat(phase.statements()).isEqualTo(500);
        assertThat(phase.rows()).isEqualTo(358_200);
        assertThat(WriterStatements.parse("").rowsPerStatement()).as("no writer metrics yet").isZero();
    }
}
