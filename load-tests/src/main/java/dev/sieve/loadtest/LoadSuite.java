package dev.sieve.loadtest;

import dev.sieve.loadtest.generator.PhaseTiming;
import dev.sieve.loadtest.suite.Scenario;
import dev.sieve.loadtest.suite.SuiteOptions;
import dev.sieve.loadtest.suite.SuitePlan;
import dev.sieve.loadtest.suite.SuiteRunner;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load suite's command line: starts a fresh service, runs the scenarios and limits, writes
 * {@code report.md}, SVG plots and {@code results.json} into a results folder.
 */
@Command(name = "sieve-load", mixinStandardHelpOptions = true,
        description = "Measures Sieve beside this machine's limits in one run and writes a report.")
public final class LoadSuite implements Callable<Integer> {

    @Option(names = "--smoke", description = "About a second per phase: proves the tools work (CI).")
    boolean smoke;

    @Option(names = "--full", description = "The measurement (default).")
    boolean full;

    @Option(names = "--results", description = "Results folder (default: results/<timestamp>).")
    Path results;

    @Option(names = "--scenarios", split = ",", description = "Only these closed-model scenarios, e.g. batch-100,single.")
    List<String> scenarios;

    @Option(names = "--skip", split = ",",
            description = "Leave out parts: warmup, open, limits, minimal, jmh, durability.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--measure-seconds", description = "Override the measurement seconds of each phase.")
    Integer measureSeconds;

    @Option(names = "--warmup-seconds", description = "Override the warm-up seconds of each phase.")
    Integer warmupSeconds;

    @Option(names = "--client-loops", description = "Generator event loops (default 1).")
    Integer clientLoops;

    @Option(names = "--connections", split = ",", description = "Override a scenario's connections: name=N.")
    Map<String, Integer> connections = Map.of();

    @Option(names = "--classpath", description = "Classpath of the service JVM (default: this JVM's).")
    String classpath;

    @Option(names = "--keep-data", description = "Keep the service's data directory.")
    boolean keepData;

    @Option(names = "--users", description = "Synthetic users (default 30,000 full, 300 smoke).")
    Integer users;

    @Option(names = "--no-profile", description = "No JFR / pg_stat_activity sampling during any scenario.")
    boolean noProfile;

    @Option(names = "--service-jvm", split = " ",
            description = "The service JVM's options instead of the default (-Xms1g -Xmx1g -XX:+UseParallelGC), space-separated in one argument.")
    List<String> serviceJvm;

    @Option(names = "--service-env",
            description = "An extra service setting, NAME=VALUE, e.g. SIEVE_WRITER_BATCH_DELAY_MS=1 (repeatable; see docs/configuration.md).")
    Map<String, String> serviceEnv = Map.of();

    private final String commandLine;

    LoadSuite(String commandLine) {
        this.commandLine = commandLine;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new LoadSuite("sieve-load " + String.join(" ", args))).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        SuitePlan plan = plan();
        Path dir = results != null ? results : Path.of("results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + plan.mode());
        SuiteOptions options = new SuiteOptions(dir, new HashSet<>(skip),
                classpath != null ? classpath : System.getProperty("java.class.path"), keepData, commandLine);
        new SuiteRunner(plan, options).run();
        return 0;
    }

    SuitePlan plan() {
        if (smoke && full) {
            throw new CommandLine.ParameterException(new CommandLine(this), "choose --smoke or --full, not both");
        }
        SuitePlan plan = smoke ? SuitePlan.smoke() : SuitePlan.full();
        List<Scenario> chosen = new ArrayList<>();
        for (Scenario s : plan.scenarios()) {
            if (scenarios == null || scenarios.contains(s.name())) {
                int conns = connections.getOrDefault(s.name(), s.connections());
                chosen.add(new Scenario(s.name(), s.title(), s.batchSize(), s.gzip(), s.mix(), conns,
                        s.profile() && !noProfile));
            }
        }
        if (chosen.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no scenario matches " + scenarios);
        }
        plan = plan.withScenarios(chosen);
        if (measureSeconds != null || warmupSeconds != null) {
            PhaseTiming t = plan.timing();
            plan = plan.withTiming(new PhaseTiming(warmupSeconds != null ? warmupSeconds : t.warmupSeconds(),
                    measureSeconds != null ? measureSeconds : t.measureSeconds(), t.drainSeconds()));
        }
        if (clientLoops != null) {
            plan = plan.withClientLoops(clientLoops);
        }
        if (users != null) {
            plan = plan.withUsers(users);
        }
        if (serviceJvm != null) {
            plan = plan.withServiceJvmArgs(serviceJvm);
        }
        if (!serviceEnv.isEmpty()) {
            plan = plan.withServiceEnv(serviceEnv);
        }
        return plan;
    }
}
