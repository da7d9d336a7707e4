package dev.sieve.storage.query;

import java.util.List;

/**
 * The most frequent values, by events (then users, then value). Values with fewer than
 * {@code minGroupUsers} distinct users are never shown, nor ranked; {@code suppressedGroups}
 * counts them.
 */
public record TopResult(Dimension dimension, List<ValueCount> values, int suppressedGroups, int minGroupUsers) {
    public TopResult {
        values = List.copyOf(values);
    }
}
