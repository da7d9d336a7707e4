package dev.sieve.storage.query;

/**
 * What an export wrote.
 *
 * @param last the cursor of the last row written (null when none)
 * @param full whether the page reached its limit, so that more rows may follow after {@code last}
 */
public record ExportSummary(long rows, long bytes, ExportCursor last, boolean full) {
}
