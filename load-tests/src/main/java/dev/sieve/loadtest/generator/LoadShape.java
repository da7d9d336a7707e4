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
     */
    record Open(double requestsPerSecond, int connections) implements LoadShape {
    }
}
