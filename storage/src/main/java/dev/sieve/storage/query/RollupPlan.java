package dev.sieve.storage.query;

import dev.sieve.enforcement.consent.Purpose;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether, and for which buckets, a counts query can read the precomputed rollups instead of the
 * events. Rollups exist per hour and day, for one event type or all, and one purpose or all, and
 * without property conditions; every bucket fully inside the range that the rollups cover comes
 * from them, the rest (the open tail, partial first and last buckets, buckets invalidated by an
 * erasure) from the events. Each bucket is counted wholly one way, so distinct users stay exact.
 *
 * @param eventType the rollup's event_type key ({@code *} for every type)
 * @param purpose   the rollup's purpose key ({@code *} for every purpose)
 */
record RollupPlan(Grain grain, String eventType, String purpose) {
    static final String ALL = "*";
    /** Beyond this many separate ranges left for the events, one scan of the whole range is simpler. */
    static final int MAX_RAW_RANGES = 16;

    /** The rollup key for {@code query} reading {@code purposes}, if the rollups can answer it. */
    static Optional<RollupPlan> of(CountsQuery query, Set<Purpose> purposes) {
        EventFilter f = query.filter();
        boolean allPurposes = purposes.size() == Purpose.values().length;
        if (query.grain() == Grain.MINUTE || !f.properties().isEmpty() || f.types().size() > 1
                || (!allPurposes && purposes.size() != 1)) {
            return Optional.empty();
        }
        return Optional.of(new RollupPlan(query.grain(), f.types().isEmpty() ? ALL : f.types().get(0),
                allPurposes ? ALL : purposes.iterator().next().wireName()));
    }

    /** The part of {@code range} made of whole buckets: where rollups may apply. */
    TimeRange wholeBuckets(TimeRange range) {
        Instant first = grain.ceil(range.from());
        Instant end = grain.floor(range.to());
        return first.isBefore(end) ? new TimeRange(first, end) : null;
    }

    /** {@code range} minus the {@code covered} buckets (sorted), as contiguous ranges. */
    List<TimeRange> uncovered(TimeRange range, List<Instant> covered) {
        List<TimeRange> gaps = new ArrayList<>();
        Instant cursor = range.from();
        for (Instant bucket : covered) {
            if (cursor.isBefore(bucket)) {
                gaps.add(new TimeRange(cursor, bucket));
            }
            cursor = grain.next(bucket);
        }
        if (cursor.isBefore(range.to())) {
            gaps.add(new TimeRange(cursor, range.to()));
        }
        return gaps;
    }
}
