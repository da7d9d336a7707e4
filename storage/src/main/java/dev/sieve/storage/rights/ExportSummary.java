package dev.sieve.storage.rights;

import java.util.UUID;

/** What an export wrote: its job id and how many lines of each kind. */
public record ExportSummary(UUID jobId, long events, long consentRows, long receipts, long jobs) {
}
