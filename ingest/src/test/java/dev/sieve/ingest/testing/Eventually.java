package dev.sieve.ingest.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition; returns how long it took to hold, or fails after {@code limit}. */
public final class Eventually {
    private Eventually() {
    }

    public static Duration within(Duration limit, BooleanSupplier condition) {
        long start = System.nanoTime();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("condition not met within " + limit);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
