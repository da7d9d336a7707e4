package dev.sieve.loadtest.generator;

/** Seconds since the suite started, the x axis of every time series in a report. */
public final class SuiteClock {
    private final long originNanos = System.nanoTime();

    public double secondsAt(long nanoTime) {
        return (nanoTime - originNanos) / 1e9;
    }

    public double now() {
        return secondsAt(System.nanoTime());
    }
}
