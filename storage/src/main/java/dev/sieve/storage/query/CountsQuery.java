package dev.sieve.storage.query;

/** Events and distinct users per time bucket of {@code grain}, over the events {@code filter} selects. */
public record CountsQuery(EventFilter filter, Grain grain) {
    public CountsQuery {
        InvalidQuery.require(filter != null && grain != null, "a counts query needs a filter and a bucket");
        filter.range().atMost(grain.maxRange(), "a query with bucket=" + grain.wireName());
    }
}
