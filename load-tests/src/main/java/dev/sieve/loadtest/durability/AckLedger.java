package dev.sieve.loadtest.durability;

import dev.sieve.loadtest.generator.AckListener;
import java.util.BitSet;

/** Which request numbers were answered 2xx. Thread-safe. */
final class AckLedger implements AckListener {
    private final BitSet acked = new BitSet();

    @Override
    public synchronized void acked(long request) {
        acked.set(Math.toIntExact(request));
    }

    synchronized boolean isAcked(long request) {
        return acked.get(Math.toIntExact(request));
    }

    synchronized int count() {
        return acked.cardinality();
    }
}
