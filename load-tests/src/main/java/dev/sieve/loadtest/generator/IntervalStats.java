package dev.sieve.loadtest.generator;

import org.HdrHistogram.Histogram;

/**
 * What completed in one interval (normally one second) of a phase.
 *
 * @param atSeconds   end of the interval, seconds since the suite started
 * @param seconds     length of the interval
 * @param measured    false for warm-up and drain intervals
 * @param requests    requests answered 2xx
 * @param events      events in those requests
 * @param errors      requests that failed (non-2xx or no answer)
 * @param p50Ms       latency percentiles of every request completed in the interval, ms
 * @param ioStallMs   how long at least one task of the machine was stalled on I/O in the interval
 *                    ({@code /proc/pressure/io}), ms; -1 where the kernel does not tell
 * @param ioStallPeakMs the longest such stall within any 100 ms of the interval, ms; -1 where unknown
 */
public record IntervalStats(double atSeconds, double seconds, boolean measured, long requests, long events,
                            long errors, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                            double ioStallMs, double ioStallPeakMs) {

    static IntervalStats of(double atSeconds, double seconds, boolean measured, long requests, long events,
                            long errors, Histogram latencyMicros, double ioStallMs, double ioStallPeakMs) {
        return new IntervalStats(atSeconds, seconds, measured, requests, events, errors,
                ms(latencyMicros, 50), ms(latencyMicros, 90), ms(latencyMicros, 99), ms(latencyMicros, 99.9),
                latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0, ioStallMs,
                ioStallPeakMs);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public double eventsPerSecond() {
        return seconds <= 0 ? 0 : events / seconds;
    }

    public double requestsPerSecond() {
        return seconds <= 0 ? 0 : requests / seconds;
    }
}
