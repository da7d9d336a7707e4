package dev.sieve.storage.rights;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.enforcement.sink.WriteResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * An {@link EventSink} in front of another that drops the events of erased users still in
 * {@link Quarantine} (by user key or anonymous key) and reports how many it dropped. A drop-in
 * until the pipeline checks the quarantine itself (then with its own drop reason in the receipt).
 */
public final class QuarantiningSink implements EventSink {
    private final EventSink next;
    private final Quarantine quarantine;
    private final IntConsumer dropped;

    /** @param dropped told how many events of a write were dropped (e.g. a counter); called only when some were */
    public QuarantiningSink(EventSink next, Quarantine quarantine, IntConsumer dropped) {
        this.next = Objects.requireNonNull(next, "next");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.dropped = Objects.requireNonNull(dropped, "dropped");
    }

    /** Whether the event belongs to a quarantined (erased) user. */
    public static boolean quarantined(Quarantine quarantine, EnforcedEvent event) {
        return quarantine.isQuarantined(event.userKey()) || quarantine.isQuarantined(event.anonymousKey());
    }

    @Override
    public Future<WriteResult> write(List<EnforcedEvent> events) {
        if (quarantine.size() == 0) {
            return next.write(events);
        }
        List<EnforcedEvent> kept = new ArrayList<>(events.size());
        for (EnforcedEvent event : events) {
            if (!quarantined(quarantine, event)) {
                kept.add(event);
            }
        }
        if (kept.size() < events.size()) {
            dropped.accept(events.size() - kept.size());
        }
        return next.write(kept);
    }
}
