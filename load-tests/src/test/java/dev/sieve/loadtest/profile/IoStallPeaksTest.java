package dev.sieve.loadtest.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class IoStallPeaksTest {

    private static IoStallPeaks startingAt(long micros) {
        ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
        unused.shutdown();
        return new IoStallPeaks(micros, unused);
    }

    @Test
    void theLongestStallBetweenTwoReadingsSinceTheLastTakeIsKept() {
        IoStallPeaks peaks = startingAt(1_000_000);
        peaks.sample(1_002_000);   // 2 ms in the first 100 ms
        peaks.sample(1_030_000);   // 28 ms: a burst
        peaks.sample(1_033_000);   // 3 ms

        assertThat(peaks.takePeakMillis()).isEqualTo(28.0);
        peaks.sample(1_037_000);   // 4 ms
        assertThat(peaks.takePeakMillis()).as("taken: the next interval starts from nothing").isEqualTo(4.0);
        assertThat(peaks.takePeakMillis()).as("no reading since").isZero();
    }

    @Test
    void whereTheKernelGivesNoPressureThePeakIsUnknown() {
        assertThat(startingAt(IoPressure.UNKNOWN).takePeakMillis()).isEqualTo(-1);

        IoStallPeaks lost = startingAt(1_000);
        lost.sample(IoPressure.UNKNOWN);
        lost.sample(5_000);
        assertThat(lost.takePeakMillis()).isEqualTo(-1);
    }

    @Test
    void aStartedSamplerReadsTheKernelUntilClosed() throws InterruptedException {
        try (IoStallPeaks peaks = IoStallPeaks.start()) {
            Thread.sleep(350);
            double peak = peaks.takePeakMillis();
            if (IoPressure.stalledMicros() == IoPressure.UNKNOWN) {
                assertThat(peak).isEqualTo(-1);
            } else {
                assertThat(peak).as("a stall within 100 ms is at most 100 ms").isBetween(0.0, 100.0 * 1.5);
            }
        }
    }
}
