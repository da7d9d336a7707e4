package dev.sieve.loadtest.generator;

/** How requests are offered. */
public sealed interface LoadShape {
    int connections();

    /**
     * The closed model: {@code connections} clients, each sending its next request as soon as the
     * previous one is answered. Measures maximum throughput; latency is service time only.
     */
    record Closed(int connections) implements LoadShape {
    }

    /**
     * The open model: requests are due at a constant rate whatever the answers do, and latency is
     * counted from the time a request was due, so a stall shows in the percentiles instead of
     * silently lowering the rate (no coordinated omission). Requests wait for a free connection
     * when all {@code connections} are busy, and that wait counts too.
     *
     * <p>The rate rises linearly from 0 over {@code rampSeconds} (put it inside the phase's
     * warm-up): starting at full rate on a new client opened hundreds of connections at once, and
     * that storm (0.5-1 s latencies for seconds), not the service, was measured.
     */
    record Open(double requestsPerSecond, int connections, double rampSeconds) implements LoadShape {
    }
}
