package dev.sieve.loadtest.suite;

import java.nio.file.Path;
import java.util.Set;

/**
 * How to run a plan.
 *
 * @param skip        parts left out: {@code warmup}, {@code open}, {@code limits}, {@code minimal},
 *                    {@code jmh}, {@code durability}
 * @param classpath   the classpath the service, the minimal endpoint and JMH forks run on
 * @param keepData    keep the service's data directory after the run
 * @param command     the command line, for the report
 */
public record SuiteOptions(Path resultsDir, Set<String> skip, String classpath, boolean keepData, String command) {
    public static final Set<String> PARTS = Set.of("warmup", "open", "limits", "minimal", "jmh", "durability");

    public SuiteOptions {
        skip = Set.copyOf(skip);
        for (String s : skip) {
            if (!PARTS.contains(s)) {
                throw new IllegalArgumentException("unknown part to skip: " + s + "; known: " + PARTS);
            }
        }
    }

    boolean runs(String part) {
        return !skip.contains(part);
    }
}
