package dev.sieve.loadtest.suite;

import dev.sieve.loadtest.generator.PhaseTiming;
import dev.sieve.loadtest.generator.TemplateMix;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run does and for how long. {@link #full()} is the measurement; {@link #smoke()}
 * runs every phase for about a second so CI proves the tools still work (its figures mean nothing).
 *
 * @param warmupSeconds      JIT warm-up of the service before the first scenario (not reported)
 * @param openRateFractions  open-model rates as fractions of the closed model's maximum
 * @param limitSeconds       measurement time of each COPY / writer limit
 * @param jmh                benchmark settings
 * @param durabilityKillAfterSeconds load time before the SIGKILL
 */
public record SuitePlan(
        String mode,
        int users,
        int templates,
        int clientLoops,
        int warmupSeconds,
        PhaseTiming timing,
        List<Scenario> scenarios,
        List<Double> openRateFractions,
        int limitSeconds,
        JmhSettings jmh,
        double durabilityKillAfterSeconds,
        int durabilityConnections,
        List<String> serviceJvmArgs,
        Map<String, String> serviceEnv) {

    /** JMH: forks 0 runs in this JVM (smoke only). */
    public record JmhSettings(int forks, int warmupIterations, int warmupMillis, int iterations, int iterationMillis) {
    }

    /** Body limit raised so that 1,000 realistic events (~700 KB) fit in one request. */
    static final Map<String, String> SERVICE_ENV = Map.of("SIEVE_LIMITS_BODY_BYTES", Integer.toString(2 * 1024 * 1024));
    /**
     * The service's JVM as docs/configuration.md recommends it: the parallel collector. With G1
     * (the JVM's default) the same jar stored 14 % fewer events per second in batches of 100, and
     * PostgreSQL, beside it, spent 2.3 µs more CPU per row (docs/performance.md, 2026-12-01).
     */
    static final List<String> SERVICE_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");

    /**
     * Each phase warms up for 8 s before its 15 measured seconds. The open model paces its sends
     * with a 1-ms periodic timer; that path is deoptimized when a phase ends, and the generator's
     * C2 compiles it again about 5 s into the next phase (5,000 ticks): 40-110 ms of a core, on
     * a machine the service already keeps 1.3-1.8 cores busy. With a 5-s warm-up that compile
     * fell into the first measured second (docs/performance.md, 2026-12-01).
     */
    static final PhaseTiming FULL_TIMING = new PhaseTiming(8, 15, 10);

    public static SuitePlan full() {
        return new SuitePlan("full", 15_000, 10_007, 1, 20, FULL_TIMING,
                defaultScenarios(), List.of(0.25, 0.5, 0.75), 15,
                new JmhSettings(1, 3, 1_000, 5, 1_000), 6, 8, SERVICE_JVM, SERVICE_ENV);
    }

    public static SuitePlan smoke() {
        return new SuitePlan("smoke", 300, 503, 1, 0, new PhaseTiming(0, 1, 5),
                defaultScenarios(), List.of(0.5), 1,
                new JmhSettings(0, 0, 100, 1, 100), 1.5, 4, List.of("-Xmx512m"), SERVICE_ENV);
    }

    /**
     * Closed-model clients for batches of 100: with 16, the requests in flight (1,600 events) moved
     * through the service in waves, and the maximum was 6 % lower on average than with 32
     * (docs/performance.md, 2026-11-30 evening); 64 gave no more than 32.
     */
    static final int BATCH_100_CONNECTIONS = 32;

    static List<Scenario> defaultScenarios() {
        return List.of(
                new Scenario(Scenario.BATCH_100, "batches of 100", 100, false, TemplateMix.GRANTED, BATCH_100_CONNECTIONS,
                        true),
                new Scenario(Scenario.SINGLE, "single-event posts", 1, false, TemplateMix.GRANTED, 256, true),
                new Scenario("batch-10", "batches of 10", 10, false, TemplateMix.GRANTED, 64, false),
                new Scenario("batch-1000", "batches of 1000", 1000, false, TemplateMix.GRANTED, 4, false),
                new Scenario("gzip-100", "gzip batches of 100", 100, true, TemplateMix.GRANTED, BATCH_100_CONNECTIONS,
                        false),
                new Scenario("mixed-100", "mixed consent, batches of 100", 100, false, TemplateMix.MIXED_CONSENT,
                        BATCH_100_CONNECTIONS, false));
    }

    public SuitePlan withScenarios(List<Scenario> chosen) {
        return new SuitePlan(mode, users, templates, clientLoops, warmupSeconds, timing, chosen, openRateFractions,
                limitSeconds, jmh, durabilityKillAfterSeconds, durabilityConnections, serviceJvmArgs, serviceEnv);
    }

    public SuitePlan withTiming(PhaseTiming newTiming) {
        return new SuitePlan(mode, users, templates, clientLoops, warmupSeconds, newTiming, scenarios,
                openRateFractions, limitSeconds, jmh, durabilityKillAfterSeconds, durabilityConnections, serviceJvmArgs,
                serviceEnv);
    }

    public SuitePlan withUsers(int count) {
        return new SuitePlan(mode, count, templates, clientLoops, warmupSeconds, timing, scenarios, openRateFractions,
                limitSeconds, jmh, durabilityKillAfterSeconds, durabilityConnections, serviceJvmArgs, serviceEnv);
    }

    /** The service JVM's options instead of the plan's (e.g. another heap or garbage collector). */
    public SuitePlan withServiceJvmArgs(List<String> args) {
        return new SuitePlan(mode, users, templates, clientLoops, warmupSeconds, timing, scenarios, openRateFractions,
                limitSeconds, jmh, durabilityKillAfterSeconds, durabilityConnections, List.copyOf(args), serviceEnv);
    }

    /** The plan's service environment plus {@code extra} (which wins), e.g. writer settings to compare. */
    public SuitePlan withServiceEnv(Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>(serviceEnv);
        env.putAll(extra);
        return new SuitePlan(mode, users, templates, clientLoops, warmupSeconds, timing, scenarios, openRateFractions,
                limitSeconds, jmh, durabilityKillAfterSeconds, durabilityConnections, serviceJvmArgs, Map.copyOf(env));
    }

    public SuitePlan withClientLoops(int loops) {
        return new SuitePlan(mode, users, templates, loops, warmupSeconds, timing, scenarios, openRateFractions,
                limitSeconds, jmh, durabilityKillAfterSeconds, durabilityConnections, serviceJvmArgs, serviceEnv);
    }
}
