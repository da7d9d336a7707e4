package dev.sieve.loadtest.generator;

import dev.sieve.loadtest.profile.IoPressure;
import dev.sieve.loadtest.profile.IoStallPeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects the outcome of every request of one phase from any thread, and cuts it into intervals.
 * Latency goes into an HdrHistogram {@link Recorder} in microseconds (3 significant digits).
 */
public final class PhaseRecorder {
    private final Recorder latency = new Recorder(3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder storedEvents = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder sentStoredEvents = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private final List<IntervalStats> intervals = new ArrayList<>();
    private final Histogram measuredLatency = new Histogram(3);
    private Histogram reusable;
    private long ioStalledAtLastCut = IoPressure.stalledMicros();
    private final IoStallPeaks ioStallPeaks = IoStallPeaks.start();
    private long measuredRequests;
    private long measuredEvents;
    private long measuredErrors;
    private double measuredSeconds;

    /** A request is about to be sent; {@code stored} of its events should be stored if it is answered 2xx. */
    public void sending(int stored) {
        sentStoredEvents.add(stored);
    }

    /** A 2xx answer to a request of {@code events} events, {@code stored} of which the service should store. */
    public void succeeded(long latencyNanos, int events, int stored) {
        latency.recordValue(Math.max(1, latencyNanos / 1000));
        requests.increment();
        acknowledged.increment();
        this.events.add(events);
        storedEvents.add(stored);
    }

    /** No 2xx answer: {@code kind} is the status code or the kind of failure. */
    public void failed(long latencyNanos, String kind) {
        latency.recordValue(Math.max(1, latencyNanos / 1000));
        errors.increment();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Closes the current interval. Called by one thread only (the phase's clock). */
    public synchronized IntervalStats cut(double atSeconds, double seconds, boolean measured) {
        reusable = latency.getIntervalHistogram(reusable);
        long r = requests.sumThenReset();
        long e = events.sumThenReset();
        long x = errors.sumThenReset();
        long ioStalled = IoPressure.stalledMicros();
        double ioStallMs = IoPressure.stalledMillisBetween(ioStalledAtLastCut, ioStalled);
        ioStalledAtLastCut = ioStalled;
        IntervalStats stats = IntervalStats.of(atSeconds, seconds, measured, r, e, x, reusable, ioStallMs,
                ioStallPeaks.takePeakMillis());
        intervals.add(stats);
        if (measured) {
            measuredRequests += r;
            measuredEvents += e;
            measuredErrors += x;
            measuredSeconds += seconds;
        }
        if (measured) {
            measuredLatency.add(reusable);
        }
        return stats;
    }

    /**
     * Adds the latencies of an interval to the totals without counting its throughput (the drain).
     * It is the phase's last interval, so the I/O stall sampling stops.
     */
    public synchronized IntervalStats cutDrain(double atSeconds, double seconds) {
        IntervalStats stats = cut(atSeconds, seconds, false);
        measuredLatency.add(reusable);
        close();
        return stats;
    }

    /** Stops the I/O stall sampling (done by {@link #cutDrain}). */
    public void close() {
        ioStallPeaks.close();
    }

    public synchronized List<IntervalStats> intervals() {
        return List.copyOf(intervals);
    }

    public synchronized Histogram measuredLatency() {
        return measuredLatency.copy();
    }

    public synchronized long measuredRequests() {
        return measuredRequests;
    }

    public synchronized long measuredEvents() {
        return measuredEvents;
    }

    public synchronized long measuredErrors() {
        return measuredErrors;
    }

    public synchronized double measuredSeconds() {
        return measuredSeconds;
    }

    /** Events the service should have stored, of every 2xx request of the phase (warm-up included). */
    public long storedEventsAcked() {
        return storedEvents.sum();
    }

    /** Requests answered 2xx in the whole phase: warm-up, measurement and drain. */
    public long acknowledgedRequests() {
        return acknowledged.sum();
    }

    /** Events the service should store of every request sent (answered or not). */
    public long storedEventsSent() {
        return sentStoredEvents.sum();
    }

    public Map<String, Long> errorKinds() {
        Map<String, Long> out = new TreeMap<>();
        errorKinds.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
