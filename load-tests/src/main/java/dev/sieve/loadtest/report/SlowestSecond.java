package dev.sieve.loadtest.report;

import dev.sieve.loadtest.generator.IntervalStats;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The measured second of a phase with the highest p99, beside the machine's I/O stall in it and in
 * a usual second of the phase: a slow second with a long stall points at the disk, one without at
 * something else.
 *
 * @param index           which measured second (1 = the first after the warm-up)
 * @param p99Ms           its p99
 * @param ioStallMs       how long a task waited for I/O in it, ms (-1: not known)
 * @param medianIoStallMs the median of that over the phase's measured seconds (-1: not known)
 * @param ioStallPeakMs   the longest stall within any 100 ms of it, ms (-1: not known)
 * @param medianIoStallPeakMs the median of that over the phase's measured seconds (-1: not known)
 */
public record SlowestSecond(int index, double p99Ms, double ioStallMs, double medianIoStallMs, double ioStallPeakMs,
                            double medianIoStallPeakMs) {

    /** Of the measured intervals among {@code intervals}; empty when none was measured. */
    public static Optional<SlowestSecond> of(List<IntervalStats> intervals) {
        List<IntervalStats> measured = intervals.stream().filter(IntervalStats::measured).toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        IntervalStats slowest = measured.stream().max(Comparator.comparingDouble(IntervalStats::p99Ms)).orElseThrow();
        return Optional.of(new SlowestSecond(measured.indexOf(slowest) + 1, slowest.p99Ms(), slowest.ioStallMs(),
                median(measured, IntervalStats::ioStallMs), slowest.ioStallPeakMs(),
                median(measured, IntervalStats::ioStallPeakMs)));
    }

    /** The median over the seconds; -1 when any is unknown (-1). */
    private static double median(List<IntervalStats> seconds, ToDoubleFunction<IntervalStats> value) {
        double[] sorted = seconds.stream().mapToDouble(value).sorted().toArray();
        return sorted[0] < 0 ? -1 : sorted[sorted.length / 2];
    }
}
