package dev.sieve.ingest.formats.wire;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.ingest.decode.DecodeLimits;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What every foreign format shares when it builds events: the native decoder's limits, the
 * type-to-purpose defaults, and where ids come from for events that carry none. Immutable.
 *
 * @param typePurposes purposes of event types; types not named are {@link Purpose#ANALYTICS}
 * @param ids          ids for events without one (tests pass a fixed sequence)
 */
public record EventRules(DecodeLimits limits, Map<String, Purpose> typePurposes, Supplier<UUID> ids) {

    public EventRules {
        Objects.requireNonNull(limits, "limits");
        typePurposes = Map.copyOf(typePurposes);
        Objects.requireNonNull(ids, "ids");
    }

    public PropertyBounds bounds() {
        return new PropertyBounds(limits);
    }
}
