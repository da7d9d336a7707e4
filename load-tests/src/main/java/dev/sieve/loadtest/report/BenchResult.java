package dev.sieve.loadtest.report;

/** One JMH result: operations per second on one thread (one core). */
public record BenchResult(String benchmark, String params, double opsPerSecond, double error) {
}
