package dev.sieve.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.loadtest.service.ChildProcesses;
import dev.sieve.loadtest.service.ServiceProcess;
import dev.sieve.loadtest.service.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link RunningServiceLoad} against a real, already running service (started here as the suite
 * starts it: zero-config, embedded PostgreSQL): closed and open model, the per-second lines, the
 * wait for the acknowledged events in the table, and its refusals. Never asserts a speed.
 */
class RunningServiceLoadIT {
    private static final Pattern STORED = Pattern.compile("stored (\\d+) of (\\d+) acknowledged events");
    private static final String WRITER_KEY = "writer-" + UUID.randomUUID();
    private static final String CONSENT_KEY = "consent-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    private static ChildProcesses children;
    private static ServiceProcess service;

    @BeforeAll
    static void startService() throws Exception {
        children = new ChildProcesses();
        Files.createDirectories(dir.resolve("service"));
        service = ServiceProcess.start(new ServiceSpec(System.getProperty("java.class.path"),
                List.of("-Xms256m", "-Xmx512m"), dir.resolve("service"), WRITER_KEY, CONSENT_KEY, Map.of()),
                children, dir.resolve("service.log"));
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (children != null) {
            children.close();
        }
    }

    @Test
    void closedRunsSeedConsentPrintEachSecondAndFindEveryAcknowledgedEventStored() {
        Outcome run = run("--consent-key", CONSENT_KEY, "--pg-url", service.pgUri(), "--batch", "10",
                "--connections", "4", "--warmup-seconds", "1", "--measure-seconds", "2", "--users", "60",
                "--templates", "101", "--runs", "2", "--per-second");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).containsPattern("consent recorded for [1-9]\\d* users")
                .containsPattern("run 1: batch 10, closed model, 4 connections, 2 s measured: [1-9]\\d* events/s")
                .containsPattern("run 2: batch 10, closed model, 4 connections, 2 s measured: [1-9]\\d* events/s")
                .contains("errors 0, unanswered 0")
                .containsPattern("s warm-up +[1-9]\\d* req")
                .containsPattern("s measured +[1-9]\\d* req");
        Matcher stored = STORED.matcher(run.out);
        assertThat(stored.find()).as(run.out).isTrue();
        assertThat(Long.parseLong(stored.group(2))).as("acknowledged events").isPositive();
        assertThat(stored.group(1)).as("stored vs acknowledged").isEqualTo(stored.group(2));
    }

    @Test
    void openRunSendsAtTheGivenRate() {
        Outcome run = run("--rate", "40", "--batch", "1", "--connections", "4", "--warmup-seconds", "1",
                "--measure-seconds", "2", "--users", "60", "--templates", "101");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("run 1: batch 1, open model at 40.0 req/s, 4 connections")
                .contains("errors 0, unanswered 0")
                .doesNotContain("stored"); // no --pg-url: nothing to count
    }

    @Test
    void refusesARateOfZeroAndAMeasurementOverAMinute() {
        Outcome zeroRate = run("--rate", "0", "--measure-seconds", "1", "--warmup-seconds", "0");
        assertThat(zeroRate.exitCode).isNotZero();
        assertThat(zeroRate.err).contains("--rate: must be more than 0");

        Outcome tooLong = run("--measure-seconds", "61");
        assertThat(tooLong.exitCode).isNotZero();
        assertThat(tooLong.err).contains("--measure-seconds: at most 60");
    }

    private static Outcome run(String... options) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(service.port()),
                "--writer-key", WRITER_KEY));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int exitCode;
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            exitCode = new CommandLine(new RunningServiceLoad(print)).setErr(new PrintWriter(err, true))
                    .execute(args.toArray(String[]::new));
        }
        return new Outcome(exitCode, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private record Outcome(int exitCode, String out, String err) {
    }
}
