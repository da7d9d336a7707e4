package dev.sieve.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatiosTest {

    private static RowsLimit limit(String name, double rowsPerSecond) {
        return new RowsLimit(name, name, (long) rowsPerSecond * 15, 15, rowsPerSecond, 0, null);
    }

    private static SuiteResults results(List<RowsLimit> limits) {
        RunInfo info = new RunInfo("test", "", 0, "", false, 2, "", "", new double[3], new double[3], List.of(),
                Map.of(), Map.of(), 0, 1, "");
        return new SuiteResults(info, List.of(), limits, List.of(), null, List.of());
    }

    private static PhaseResult openPhase(String name, double p99Ms) {
        return new PhaseResult(name, name, "service", "open", 1, false, "MIXED", 64, 4_000, 15, 60_000, 60_000, 0,
                Map.of(), 0, 4_000, 4_000, new LatencySummary(60_000, 1, 1, 2, p99Ms, p99Ms, p99Ms), List.of(), null,
                null, null, 60_000);
    }

    @Test
    void theSingleEventP99IsSetBesideTheMinimalEndpointsAtTheSameRate() {
        RunInfo info = new RunInfo("test", "", 0, "", false, 2, "", "", new double[3], new double[3], List.of(),
                Map.of(), Map.of(), 0, 1, "");
        SuiteResults r = new SuiteResults(info, List.of(openPhase("open-single-50", 24),
                openPhase("open-minimal-endpoint-50", 6)), List.of(), List.of(), null, List.of());

        Ratio floor = Ratios.of(r).stream().filter(x -> x.name().contains("p99 of the minimal endpoint"))
                .findFirst().orElseThrow();
        assertThat(floor.numeratorValue()).isEqualTo(24);
        assertThat(floor.denominatorValue()).isEqualTo(6);
        assertThat(floor.value()).isEqualTo(4);
        assertThat(floor.met()).isNull();
        assertThat(Ratios.of(results(List.of()))).noneMatch(x -> x.name().contains("p99 of the minimal endpoint"));
    }

    private static Ratio enforcementRatio(SuiteResults r) {
        return Ratios.of(r).stream().filter(x -> x.name().startsWith("throughput with enforcement / without (writer"))
                .findFirst().orElseThrow();
    }

    @Test
    void theEnforcementRatioUsesTheMeanOfTheRepeatedWriterRuns() {
        SuiteResults r = results(List.of(limit("copy-2", 50_000), limit("writer", 28_000),
                limit("writer-enforced", 24_000), limit("writer-enforced-2", 27_000), limit("writer-2", 26_000)));

        assertThat(Ratios.meanRowsPerSecond(r, "writer").getAsDouble()).isEqualTo(27_000);
        assertThat(Ratios.meanRowsPerSecond(r, "writer-enforced").getAsDouble()).isEqualTo(25_500);
        Ratio ratio = enforcementRatio(r);
        assertThat(ratio.value()).isCloseTo(25_500.0 / 27_000, within(1e-9));
        assertThat(ratio.met()).isTrue();
        assertThat(ratio.name()).contains("mean of 2");
    }

    @Test
    void aSingleRunOfEachStillGivesTheRatioAndASlowEnforcedRunFailsIt() {
        Ratio ratio = enforcementRatio(results(List.of(limit("writer", 28_000), limit("writer-enforced", 24_000))));
        assertThat(ratio.value()).isCloseTo(24_000.0 / 28_000, within(1e-9));
        assertThat(ratio.met()).isFalse();
        assertThat(ratio.name()).contains("mean of 1");
    }
}
