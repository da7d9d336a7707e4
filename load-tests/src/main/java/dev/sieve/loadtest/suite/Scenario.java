package dev.sieve.loadtest.suite;

import dev.sieve.loadtest.generator.TemplateMix;

/**
 * One closed-model workload on {@code POST /v1/events}.
 *
 * @param name        short id, used in file names
 * @param connections concurrent clients of the closed model
 * @param profile     whether the service JVM runs a JFR recording during it
 */
public record Scenario(String name, String title, int batchSize, boolean gzip, TemplateMix mix, int connections,
                       boolean profile) {

    public static final String BATCH_100 = "batch-100";
    public static final String SINGLE = "single";
}
