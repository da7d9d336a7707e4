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
 *
 * <p>Each event is read once here, when {@link #uniqueRows()} first finds the repeated ids, not
 * when a slice is added or when the batch commits: by then the events have usually left the CPU's
 * caches, and touching each one again cost more than the work done on it (docs/performance.md).
 */
final class Batch {
    private record Slice(PendingWrite write, List<EnforcedEvent> events) {
    }

    private final List<Slice> slices = new ArrayList<>();
    private int rows;
    /** Filled by {@link #findRepeatedIds()}; no slice may be added after. */
    private List<EnforcedEvent> uniqueRows;
    /** Per slice, its events whose id came earlier in the batch. */
    private int[] repeatedInSlice;

    void add(PendingWrite write, List<EnforcedEvent> events) {
        if (uniqueRows != null) {
            throw new IllegalStateException("the batch's rows were already read");
        }
        slices.add(new Slice(write, events));
        rows += events.size();
    }

    /** Every row taken from the writes, repeated ids included. */
    int rows() {
        return rows;
    }

    /** The rows to send: each id once, first copy kept. */
    List<EnforcedEvent> uniqueRows() {
        if (uniqueRows == null) {
            findRepeatedIds();
        }
        return uniqueRows;
    }

    private void findRepeatedIds() {
        List<EnforcedEvent> unique = new ArrayList<>(rows);
        Set<UUID> ids = new HashSet<>(rows * 4 / 3 + 1); // never resized (load factor 0.75)
        repeatedInSlice = new int[slices.size()];
        for (int s = 0; s < slices.size(); s++) {
            for (EnforcedEvent event : slices.get(s).events()) {
                if (ids.add(event.eventId())) {
                    unique.add(event);
                } else {
                    repeatedInSlice[s]++;
                }
            }
        }
        uniqueRows = unique;
    }

    /** Credits each write when every unique row was stored now (the all-new statement committed). */
    void allStored() {
        uniqueRows();
        for (int s = 0; s < slices.size(); s++) {
            Slice slice = slices.get(s);
            int repeated = repeatedInSlice[s];
            slice.write().sliceCommitted(slice.events().size() - repeated, repeated);
        }
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
