package dev.sieve.loadtest.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.loadtest.report.DurabilityResult;
import dev.sieve.loadtest.report.PhaseResult;
import dev.sieve.loadtest.report.SuiteResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole suite in smoke mode (about a second per phase) against a fresh service, so the tools
 * keep working. Asserts that the report is written and that the counts agree (every acknowledged
 * event stored, none twice), never a speed.
 */
class LoadSuiteSmokeIT {

    @Test
    void everyPhaseRunsAndTheCountsAgree() throws Exception {
        Path results = Path.of(System.getProperty("sieve.load.results", "target/smoke-results"));
        SuiteOptions options = new SuiteOptions(results, Set.of(), System.getProperty("java.class.path"), false,
                "LoadSuiteSmokeIT");
        SuiteResults r = new SuiteRunner(SuitePlan.smoke(), options).run();

        assertThat(results.resolve("report.md")).exists();
        assertThat(results.resolve("results.json")).exists();
        assertThat(results.resolve("timeline-throughput.svg")).exists();
        assertThat(results.resolve("timeline-latency.svg")).exists();
        assertThat(Files.readString(results.resolve("report.md"))).contains("## Targets", "## Durability",
                "## Slowest measured second", "longest in 100 ms", "## Waiting for a CPU");

        for (Scenario s : SuitePlan.smoke().scenarios()) {
            PhaseResult p = r.phase(s.name());
            assertThat(p).as(s.name()).isNotNull();
            assertThat(p.acknowledged()).as("%s requests answered 2xx", s.name()).isPositive();
            assertThat(p.storage().consistent()).as("%s: acked <= rows <= sent, got %s", s.name(), p.storage())
                    .isTrue();
            assertThat(p.storage().statements().rows()).as("%s: rows in the writer's statements (service metrics)",
                    s.name()).isGreaterThanOrEqualTo(p.storage().storedAcked());
            assertThat(p.storage().statements().commitTimes().count()).as("%s: statements in the commit histogram",
                    s.name()).isEqualTo(p.storage().statements().statements());
            assertThat(p.storage().serviceResponses().count()).as("%s: the service's own count of requests",
                    s.name()).isGreaterThanOrEqualTo(p.acknowledged());
            assertThat(results.resolve("phase-" + s.name() + ".svg")).exists();
        }
        assertThat(r.phase("open-batch-100-50")).isNotNull();
        assertThat(r.phase("open-single-50")).isNotNull();
        assertThat(r.phase("minimal-endpoint").acknowledged()).isPositive();
        assertThat(r.phase("open-minimal-endpoint-50").model()).isEqualTo("open");
        assertThat(r.phase("open-minimal-endpoint-50").storage()).as("the minimal endpoint has no table").isNull();
        assertThat(r.phase("batch-100-profiled").profile().samples()).isPositive();
        assertThat(r.phase("batch-100").profile()).isNull();
        assertThat(r.phase("batch-100").cpu().serviceWait().slices()).as("the service's schedstat was read")
                .isPositive();
        assertThat(r.phase("batch-100").cpu().postgresWait().slices()).as("PostgreSQL's schedstat was read")
                .isPositive();
        assertThat(r.rowLimits()).extracting(l -> l.name())
                .containsExactly("copy-1", "copy-2", "writer", "writer-enforced");
        r.rowLimits().forEach(l -> assertThat(l.rowsInTable()).as(l.name()).isGreaterThanOrEqualTo(l.rows()));
        assertThat(r.benchmarks()).isNotEmpty();

        DurabilityResult d = r.durability();
        assertThat(d.ackedEvents()).isPositive();
        assertThat(d.ackedMissing()).as("acknowledged events missing after SIGKILL").isZero();
        assertThat(d.storedTwice()).as("events stored twice").isZero();
        assertThat(d.missingAfterRetry()).isZero();
        assertThat(d.storedTwiceAfterRetry()).isZero();
    }
}
