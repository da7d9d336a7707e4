package dev.sieve.loadtest.service;

/**
 * What the service's group-commit writers sent, from its {@code /metrics}
 * ({@code sieve_writer_batch_rows} and {@code sieve_writer_commit_seconds}, summed over event
 * loops): how many insert statements, how many rows in them, and the seconds from sending each to
 * its commit. Counted over a phase, it shows how big the statements were and how long they took.
 *
 * @param commitTimes the histogram of the statements' time from sending to commit
 */
public record WriterStatements(long statements, double rows, double commitSeconds, MetricHistogram commitTimes) {
    public static final WriterStatements NONE = new WriterStatements(0, 0, 0, MetricHistogram.EMPTY);
    static final String COMMIT_SECONDS = "sieve_writer_commit_seconds";

    /** The counters in a Prometheus text exposition (see {@link ServiceMetrics}); missing ones count as 0. */
    public static WriterStatements parse(String metrics) {
        long statements = 0;
        double rows = 0;
        double commitSeconds = 0;
        for (String line : metrics.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0) {
                continue;
            }
            String name = line.substring(0, space).trim();
            String value = line.substring(space + 1).trim();
            switch (name) {
                case "sieve_writer_batch_rows_count" -> statements = (long) Double.parseDouble(value);
                case "sieve_writer_batch_rows_sum" -> rows = Double.parseDouble(value);
                case COMMIT_SECONDS + "_sum" -> commitSeconds = Double.parseDouble(value);
                default -> {
                }
            }
        }
        return new WriterStatements(statements, rows, commitSeconds, MetricHistogram.parse(metrics, COMMIT_SECONDS));
    }

    /** What was sent between {@code earlier} and this reading. */
    public WriterStatements since(WriterStatements earlier) {
        return new WriterStatements(statements - earlier.statements, rows - earlier.rows,
                commitSeconds - earlier.commitSeconds, commitTimes.since(earlier.commitTimes));
    }

    public double rowsPerStatement() {
        return statements == 0 ? 0 : rows / statements;
    }

    public double commitMsPerStatement() {
        return statements == 0 ? 0 : commitSeconds * 1000 / statements;
    }
}
