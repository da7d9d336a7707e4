package dev.sieve.loadtest.report;

/**
 * One of the comparisons: measured / reference against a target.
 *
 * @param target     e.g. {@code >= 0.6}; empty for an informative ratio
 * @param met        null when there is no target or a figure is missing
 */
public record Ratio(String name, String numerator, double numeratorValue, String denominator,
                    double denominatorValue, double value, String target, Boolean met) {
}
