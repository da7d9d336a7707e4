package dev.sieve.loadtest.generator;

/**
 * When each request of the open model is due: the rate rises linearly from 0 to
 * {@code requestsPerSecond} over the ramp, then stays there. Request {@code n} (from 0) is due at
 * {@link #intendedNanos(long)}; its latency counts from then, however late it is sent.
 */
final class OpenSchedule {
    private final double perNano;
    private final long rampNanos;
    /** Requests due during the ramp: the area under the rising rate. */
    private final double rampRequests;

    OpenSchedule(double requestsPerSecond, long rampNanos) {
        if (!(requestsPerSecond > 0) || rampNanos < 0) {
            throw new IllegalArgumentException("rate must be > 0 and ramp >= 0");
        }
        this.perNano = requestsPerSecond / 1e9;
        this.rampNanos = rampNanos;
        this.rampRequests = perNano * rampNanos / 2;
    }

    /** How many requests are due {@code elapsedNanos} after the start. */
    long dueBy(long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        if (elapsedNanos < rampNanos) {
            return (long) (perNano * elapsedNanos * elapsedNanos / (2.0 * rampNanos));
        }
        return (long) (rampRequests + perNano * (elapsedNanos - rampNanos));
    }

    /** When request {@code n} is due, in nanoseconds after the start. */
    long intendedNanos(long n) {
        if (n < rampRequests) {
            return (long) Math.sqrt(2.0 * rampNanos * n / perNano);
        }
        return rampNanos + (long) ((n - rampRequests) / perNano);
    }
}
