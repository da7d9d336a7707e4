package dev.sieve.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.loadtest.generator.IntervalStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowestSecondTest {

    private static IntervalStats second(boolean measured, double p99Ms, double ioStallMs) {
        return new IntervalStats(0, 1, measured, 100, 100, 0, 1, 2, p99Ms, p99Ms, p99Ms, ioStallMs);
    }

    @Test
    void theMeasuredSecondWithTheHighestP99IsNamedWithItsIoStallAndThePhasesMedian() {
        List<IntervalStats> intervals = List.of(
                second(false, 500, 900),   // warm-up: never the slowest
                second(true, 8, 15),
                second(true, 365, 277),
                second(true, 9, 18),
                second(true, 7, 16),
                second(false, 400, 20));   // drain

        assertThat(SlowestSecond.of(intervals)).contains(new SlowestSecond(2, 365, 277, 18));
    }

    @Test
    void whereTheKernelGivesNoPressureTheStallsAreUnknown() {
        assertThat(SlowestSecond.of(List.of(second(true, 8, -1), second(true, 9, -1))))
                .contains(new SlowestSecond(2, 9, -1, -1));
    }

    @Test
    void aPhaseWithoutMeasuredSecondsHasNone() {
        assertThat(SlowestSecond.of(List.of(second(false, 8, 1)))).isEmpty();
    }
}
