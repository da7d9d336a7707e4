package dev.sieve.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.loadtest.generator.IntervalStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowestSecondTest {

    private static IntervalStats second(boolean measured, double p99Ms, double ioStallMs) {
        return second(measured, p99Ms, ioStallMs, ioStallMs / 5);
    }

    private static IntervalStats second(boolean measured, double p99Ms, double ioStallMs, double ioStallPeakMs) {
        return new IntervalStats(0, 1, measured, 100, 100, 0, 1, 2, p99Ms, p99Ms, p99Ms, ioStallMs, ioStallPeakMs);
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

        assertThat(SlowestSecond.of(intervals)).contains(new SlowestSecond(2, 365, 277, 18, 277 / 5.0, 18 / 5.0));
    }

    @Test
    void aBurstWithinTheSecondShowsInItsLongestStallIn100MsThoughItsTotalIsUsual() {
        List<IntervalStats> intervals = List.of(
                second(true, 8, 24, 3),
                second(true, 53, 26, 28),  // one burst of writes: nearly all of its stall came in 100 ms
                second(true, 9, 25, 4),
                second(true, 7, 23, 3));

        SlowestSecond s = SlowestSecond.of(intervals).orElseThrow();
        assertThat(s.ioStallMs()).as("the second's total looks like any other").isEqualTo(26);
        assertThat(s.medianIoStallMs()).isEqualTo(25);
        assertThat(s.ioStallPeakMs()).isEqualTo(28);
        assertThat(s.medianIoStallPeakMs()).isEqualTo(4);
    }

    @Test
    void whereTheKernelGivesNoPressureTheStallsAreUnknown() {
        assertThat(SlowestSecond.of(List.of(second(true, 8, -1, -1), second(true, 9, -1, -1))))
                .contains(new SlowestSecond(2, 9, -1, -1, -1, -1));
    }

    @Test
    void aPhaseWithoutMeasuredSecondsHasNone() {
        assertThat(SlowestSecond.of(List.of(second(false, 8, 1)))).isEmpty();
    }
}
