package dev.sieve.loadtest.generator;

/** Seconds of warm-up (not counted), of measurement, and at most how long to wait for answers after. */
public record PhaseTiming(int warmupSeconds, int measureSeconds, int drainSeconds) {
    public PhaseTiming {
        if (warmupSeconds < 0 || measureSeconds < 1 || drainSeconds < 1) {
            throw new IllegalArgumentException("warm-up >= 0, measure >= 1, drain >= 1 seconds");
        }
    }
}
