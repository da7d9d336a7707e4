package dev.sieve.loadtest.report;

/** A named part of a whole: a hot method's share of CPU samples, say. */
public record Share(String name, long count, double percent) {
}
