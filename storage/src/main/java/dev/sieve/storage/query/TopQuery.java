package dev.sieve.storage.query;

/** The {@code limit} most frequent values of a dimension among the events {@code filter} selects. */
public record TopQuery(EventFilter filter, Dimension dimension, int limit) {
    public static final int MAX_LIMIT = 1_000;

    public TopQuery {
        InvalidQuery.require(filter != null && dimension != null, "a top query needs a filter and a property or field");
        InvalidQuery.require(limit >= 1 && limit <= MAX_LIMIT, "'limit' must be from 1 to " + MAX_LIMIT);
    }
}
