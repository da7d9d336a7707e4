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

    /**
     * How many requests are due {@code elapsedNanos} after the start: those whose
     * {@link #intendedNanos(long)} is at or before it, so request {@code n} is sent as soon as its
     * time has come (request 0 at the start), not one interval later.
     */
    long dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        // The continuous count, then exact against intendedNanos (both round).
        long n = (long) continuousCount(elapsedNanos);
        while (n > 0 && intendedNanos(n - 1) > elapsedNanos) {
            n--;
        }
        while (intendedNanos(n) <= elapsedNanos) {
            n++;
        }
        return n;
    }

    private double continuousCount(long elapsedNanos) {
        if (elapsedNanos < rampNanos) {
            return perNano * elapsedNanos * elapsedNanos / (2.0 * rampNanos);
        }
        return rampRequests + perNano * (elapsedNanos - rampNanos);
    }

    /** When request {@code n} is due, in nanoseconds after the start. */
    long intendedNanos(long n) {
        if (n < rampRequests) {
            return (long) Math.sqrt(2.0 * rampNanos * n / perNano);
        }
        return rampNanos + (long) ((n - rampRequests) / perNano);
    }
}
