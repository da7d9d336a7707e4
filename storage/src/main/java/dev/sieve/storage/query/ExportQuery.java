package dev.sieve.storage.query;

/**
 * A page of the stored events {@code filter} selects, in (receivedAt, eventId) order, after
 * {@code after} (null: from the start), at most {@code limit} rows.
 */
public record ExportQuery(EventFilter filter, ExportCursor after, int limit) {
    public static final int MAX_LIMIT = 1_000_000;
    public static final int DEFAULT_LIMIT = 100_000;

    public ExportQuery {
        InvalidQuery.require(filter != null, "an export needs 'from' and 'to'");
        InvalidQuery.require(limit >= 1 && limit <= MAX_LIMIT, "'limit' must be from 1 to " + MAX_LIMIT);
    }
}
