package dev.sieve.storage.kafka;

import java.time.Duration;

/** Capped exponential delays between retries: 100 ms, 200 ms, ... up to the cap. Not thread-safe. */
final class Backoff {
    private static final long INITIAL_MILLIS = 100;
    private final long maxMillis;
    private long nextMillis = INITIAL_MILLIS;

    Backoff(Duration max) {
        this.maxMillis = Math.max(INITIAL_MILLIS, max.toMillis());
    }

    Duration next() {
        long current = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return Duration.ofMillis(current);
    }

    void reset() {
        nextMillis = INITIAL_MILLIS;
    }
}
