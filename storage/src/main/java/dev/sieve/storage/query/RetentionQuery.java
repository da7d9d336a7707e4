package dev.sieve.storage.query;

/**
 * Retention cohorts: users grouped by the UTC week (Monday) of their first event in the range, and
 * how many of them were active again in each of the {@code weeks} weeks after it.
 */
public record RetentionQuery(EventFilter filter, int weeks) {
    public static final int MAX_WEEKS = 52;

    public RetentionQuery {
        InvalidQuery.require(filter != null, "retention needs 'from' and 'to'");
        InvalidQuery.require(weeks >= 1 && weeks <= MAX_WEEKS, "'weeks' must be from 1 to " + MAX_WEEKS);
    }
}
