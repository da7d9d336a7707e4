package dev.sieve.loadtest.profile;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The longest I/O stall of the machine in any 100 ms ({@link IoPressure}, read every 100 ms on a
 * daemon thread), since the last {@link #takePeakMillis()}. A second's total stall hides a burst:
 * the kernel writing back dirty pages for 100-200 ms adds 15-30 ms of stall to a second that has
 * 15-30 ms anyway from the commits' own flushes, while the commits caught behind it wait tens of
 * milliseconds (docs/performance.md).
 */
public final class IoStallPeaks implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;

    private final ScheduledExecutorService timer;
    private long lastMicros;
    private long peakMicros;
    private boolean unknown;

    IoStallPeaks(long startMicros, ScheduledExecutorService timer) {
        this.lastMicros = startMicros;
        this.unknown = startMicros == IoPressure.UNKNOWN;
        this.timer = timer;
    }

    /** Starts sampling now. */
    public static IoStallPeaks start() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "io-stall-peaks");
            t.setDaemon(true);
            return t;
        });
        IoStallPeaks peaks = new IoStallPeaks(IoPressure.stalledMicros(), timer);
        timer.scheduleAtFixedRate(() -> peaks.sample(IoPressure.stalledMicros()), PERIOD_MILLIS, PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        return peaks;
    }

    /** One reading of the total stall ({@link IoPressure#stalledMicros()}). */
    synchronized void sample(long totalMicros) {
        if (totalMicros == IoPressure.UNKNOWN || unknown) {
            unknown = true;
            return;
        }
        peakMicros = Math.max(peakMicros, totalMicros - lastMicros);
        lastMicros = totalMicros;
    }

    /** The longest stall in one sampling period since the last call, ms; -1 where the kernel does not tell. */
    public synchronized double takePeakMillis() {
        if (unknown) {
            return -1;
        }
        double peak = peakMicros / 1000.0;
        peakMicros = 0;
        return peak;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
