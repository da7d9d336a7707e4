package dev.sieve.storage.pg;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.SieveException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rows of one insert statement, cut from one or more pending writes, in order. An id that
 * repeats inside the batch is sent once: its first copy may be stored, later copies are
 * duplicates.
 */
final class Batch {
    private record Slice(PendingWrite write, List<EnforcedEvent> events) {
    }

    private final List<Slice> slices = new ArrayList<>();
    private final List<EnforcedEvent> uniqueRows = new ArrayList<>();
    private final Set<UUID> ids = new HashSet<>();
    private int rows;

    void add(PendingWrite write, List<EnforcedEvent> events) {
        slices.add(new Slice(write, events));
        rows += events.size();
        for (EnforcedEvent event : events) {
            if (ids.add(event.eventId())) {
                uniqueRows.add(event);
            }
        }
    }

    /** Every row taken from the writes, repeated ids included. */
    int rows() {
        return rows;
    }

    /** The rows to send: each id once, first copy kept. */
    List<EnforcedEvent> uniqueRows() {
        return uniqueRows;
    }

    /**
     * The ids of {@link #uniqueRows()}: this batch's own set, not a copy (copying it was about 2 %
     * of the service's CPU in batch load runs). {@link #committed} consumes the set it is given, so
     * pass this one only once the batch is done with it: when every unique row was stored.
     */
    Set<UUID> ids() {
        return ids;
    }

    /**
     * Credits each write with the rows stored now ({@code insertedIds}, emptied as they are
     * counted) and the duplicates.
     */
    void committed(Set<UUID> insertedIds) {
        for (Slice slice : slices) {
            int stored = 0;
            for (EnforcedEvent event : slice.events()) {
                // remove: only the first copy of an id inside the batch was stored
                if (insertedIds.remove(event.eventId())) {
                    stored++;
                }
            }
            slice.write().sliceCommitted(stored, slice.events().size() - stored);
        }
    }

    /** The writes with rows in this batch. */
    List<PendingWrite> writes() {
        return slices.stream().map(Slice::write).toList();
    }

    /** Fails every write with rows in this batch. */
    void failed(SieveException failure) {
        for (Slice slice : slices) {
            slice.write().sliceFailed(failure);
        }
    }
}
