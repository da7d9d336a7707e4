package dev.sieve.loadtest.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a JVM's JIT compiler threads ({@code C1 CompilerThre*}, {@code C2 CompilerThre*}),
 * from {@code /proc/<pid>/task}. On 2 cores the service's C2 compiler kept ~0.4 cores busy for
 * its first 70-80 s under load; a phase measured then measured the JIT's warm-up, not the service.
 */
public final class JitCompilers {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private JitCompilers() {
    }

    /** Seconds of CPU the compiler threads of {@code pid} used so far (0 when unknown). */
    public static double cpuSeconds(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                ticks += compilerTicks(task);
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static long compilerTicks(Path task) {
        try {
            String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return 0;
            }
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended between listing and reading
        }
    }
}
