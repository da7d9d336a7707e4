package dev.sieve.loadtest.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used so far, from {@code /proc}: by this JVM (the generator), by the service JVM, by
 * its PostgreSQL (postmaster and every backend), and by the whole machine. Two snapshots give
 * the cores each used in between, which shows where a phase's CPU went, and how long the threads
 * of the three waited for a CPU ({@link RunQueueTime}).
 */
public record CpuSnapshot(long nanoTime, long generatorTicks, long serviceTicks, long postgresTicks,
                          long machineBusyTicks, long machineTotalTicks, RunQueueTime generatorQueue,
                          RunQueueTime serviceQueue, RunQueueTime postgresQueue) {
    static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /**
     * @param servicePid    the service JVM, or -1
     * @param postmasterPid the service's PostgreSQL, or -1
     */
    public static CpuSnapshot take(long servicePid, long postmasterPid) {
        long[] machine = machineTicks();
        long generatorPid = ProcessHandle.current().pid();
        List<Long> backends = descendants(postmasterPid);
        return new CpuSnapshot(System.nanoTime(), ticks(generatorPid), ticks(servicePid),
                treeTicks(postmasterPid, backends), machine[0], machine[1], RunQueueTime.ofProcess(generatorPid),
                RunQueueTime.ofProcess(servicePid), RunQueueTime.ofProcesses(postmasterPid, backends));
    }

    /** Cores used between {@code earlier} and this snapshot. */
    public CpuUsage since(CpuSnapshot earlier) {
        double seconds = (nanoTime - earlier.nanoTime) / 1e9;
        long machineTotal = machineTotalTicks - earlier.machineTotalTicks;
        int cores = Runtime.getRuntime().availableProcessors();
        double machineCores = machineTotal <= 0 ? 0
                : cores * (double) (machineBusyTicks - earlier.machineBusyTicks) / machineTotal;
        double generator = cores(generatorTicks - earlier.generatorTicks, seconds);
        double service = cores(serviceTicks - earlier.serviceTicks, seconds);
        double postgres = cores(postgresTicks - earlier.postgresTicks, seconds);
        return new CpuUsage(seconds, generator, service, postgres,
                Math.max(0, machineCores - generator - service - postgres), machineCores,
                generatorQueue.since(earlier.generatorQueue, seconds), serviceQueue.since(earlier.serviceQueue, seconds),
                postgresQueue.since(earlier.postgresQueue, seconds));
    }

    private static double cores(long ticks, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, ticks) / TICKS_PER_SECOND / seconds;
    }

    /**
     * The postmaster's own time plus that of the backends it has reaped (cutime, cstime), plus
     * the live backends': a backend that comes and goes within a phase is still counted.
     */
    private static long treeTicks(long pid, List<Long> backends) {
        if (pid <= 0) {
            return 0;
        }
        long total = ticks(pid, true);
        for (long backend : backends) {
            total += ticks(backend);
        }
        return total;
    }

    /** The live descendants of {@code pid} (PostgreSQL: its backends and helpers); none when unknown. */
    private static List<Long> descendants(long pid) {
        if (pid <= 0) {
            return List.of();
        }
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    /** utime + stime of one process (all its threads), or 0 when it is gone. */
    static long ticks(long pid) {
        return ticks(pid, false);
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return statTicks(Path.of("/proc", Long.toString(pid), "stat"), withReapedChildren);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime (and with {@code withReapedChildren} cutime + cstime) of a process or thread {@code stat} file. */
    static long statTicks(Path stat, boolean withReapedChildren) throws IOException {
        String text = Files.readString(stat, StandardCharsets.US_ASCII);
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
    }

    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
