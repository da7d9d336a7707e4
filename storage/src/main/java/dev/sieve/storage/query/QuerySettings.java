package dev.sieve.storage.query;

import java.time.Duration;

/**
 * How analyst queries run.
 *
 * @param statementTimeout the longest any one statement may run (each fetch of an export counts
 *                         as one); PostgreSQL cancels it after that
 * @param workMemKb        PostgreSQL's work_mem for analyst queries, in kB (sorts and hashes of
 *                         distinct counts stay in memory up to this)
 * @param exportFetchRows  rows fetched from the export cursor at a time
 */
public record QuerySettings(Duration statementTimeout, int workMemKb, int exportFetchRows) {
    public static final QuerySettings DEFAULTS = new QuerySettings(Duration.ofSeconds(30), 32 * 1024, 1_000);

    public QuerySettings {
        if (statementTimeout.toMillis() < 1 || statementTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("statementTimeout must be from 1 ms to 24 days");
        }
        if (workMemKb < 64 || workMemKb > 2 * 1024 * 1024) {
            throw new IllegalArgumentException("workMemKb must be from 64 to 2097152");
        }
        if (exportFetchRows < 1 || exportFetchRows > 100_000) {
            throw new IllegalArgumentException("exportFetchRows must be from 1 to 100000");
        }
    }

    /** The defaults with another statement timeout. */
    public static QuerySettings withTimeout(Duration statementTimeout) {
        return new QuerySettings(statementTimeout, DEFAULTS.workMemKb, DEFAULTS.exportFetchRows);
    }
}
