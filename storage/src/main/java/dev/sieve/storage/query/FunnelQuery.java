package dev.sieve.storage.query;

import java.time.Duration;
import java.util.List;

/**
 * A funnel: how many users did {@code steps[0]}, then {@code steps[1]}, ... in that order, each
 * step within {@code window} of their first step. Steps are event types; the filter's own types
 * must be empty (the steps choose the events).
 */
public record FunnelQuery(EventFilter filter, List<String> steps, Duration window) {
    public static final int MIN_STEPS = 2;
    public static final int MAX_STEPS = 10;
    public static final Duration MAX_WINDOW = Duration.ofDays(90);

    public FunnelQuery {
        InvalidQuery.require(filter != null, "a funnel needs 'from' and 'to'");
        InvalidQuery.require(filter.types().isEmpty(), "a funnel takes its event types from 'steps' only");
        InvalidQuery.require(steps != null && steps.size() >= MIN_STEPS && steps.size() <= MAX_STEPS,
                "'steps' must list " + MIN_STEPS + " to " + MAX_STEPS + " event types");
        steps = List.copyOf(steps);
        steps.forEach(EventFilter::checkType);
        InvalidQuery.require(window != null && !window.isNegative() && !window.isZero()
                && window.compareTo(MAX_WINDOW) <= 0, "'window' must be positive and at most "
                + MAX_WINDOW.toDays() + " days (e.g. PT30M, P1D)");
    }
}
