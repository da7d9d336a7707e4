package dev.sieve.loadtest.report;

import dev.sieve.loadtest.profile.CpuUsage;

/**
 * Rows per second written to the events table without HTTP: raw COPY, or the group-commit writer
 * alone, with or without enforcement in front of it.
 */
public record RowsLimit(String name, String title, long rows, double seconds, double rowsPerSecond, long rowsInTable,
                        CpuUsage cpu) {
}
