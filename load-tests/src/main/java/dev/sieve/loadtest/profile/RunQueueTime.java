package dev.sieve.loadtest.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How long the threads of a process have waited, runnable, for a CPU, and how many times they
 * were put on one: the sum over {@code /proc/<pid>/task/<tid>/schedstat} (its second and third
 * fields: nanoseconds on a run queue, time slices run). On a machine whose cores the generator,
 * the service and PostgreSQL share, this wait is part of every request's latency.
 *
 * <p>Threads that ended before the reading are not counted, so a process whose threads come and go
 * shows too little; the service's event loops and PostgreSQL's pooled backends live through a phase.
 */
public record RunQueueTime(long waitNanos, long slices) {
    static final RunQueueTime NONE = new RunQueueTime(0, 0);

    /** The threads of process {@code pid} (nothing when it is gone or unknown). */
    public static RunQueueTime ofProcess(long pid) {
        if (pid <= 0) {
            return NONE;
        }
        RunQueueTime total = NONE;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                total = total.plus(ofTask(task.resolve("schedstat")));
            }
        } catch (IOException | RuntimeException e) {
            return total;
        }
        return total;
    }

    /** Process {@code pid} and {@code others} (PostgreSQL: the postmaster and its live backends). */
    public static RunQueueTime ofProcesses(long pid, List<Long> others) {
        RunQueueTime total = ofProcess(pid);
        for (long other : others) {
            total = total.plus(ofProcess(other));
        }
        return total;
    }

    private static RunQueueTime ofTask(Path schedstat) {
        try {
            return parse(Files.readString(schedstat, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return NONE; // the thread ended between listing and reading, or no schedstat in this kernel
        }
    }

    /** One {@code schedstat} line: {@code <ns on a CPU> <ns waiting on a run queue> <slices>}. */
    static RunQueueTime parse(String schedstat) {
        String[] f = schedstat.trim().split("\\s+");
        if (f.length < 3) {
            throw new IllegalArgumentException("schedstat has " + f.length + " fields, expected 3");
        }
        return new RunQueueTime(Long.parseLong(f[1]), Long.parseLong(f[2]));
    }

    RunQueueTime plus(RunQueueTime other) {
        return new RunQueueTime(waitNanos + other.waitNanos, slices + other.slices);
    }

    /**
     * What the process waited between {@code earlier} and this reading, over {@code seconds}.
     * Negative differences (threads that ended in between) count as none.
     */
    RunQueueWait since(RunQueueTime earlier, double seconds) {
        long wait = Math.max(0, waitNanos - earlier.waitNanos);
        long runs = Math.max(0, slices - earlier.slices);
        double threads = seconds <= 0 ? 0 : wait / 1e9 / seconds;
        double micros = runs == 0 ? 0 : wait / 1e3 / runs;
        return new RunQueueWait(threads, micros, runs);
    }
}
