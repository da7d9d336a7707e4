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
        return ticks / CpuSnapshot.TICKS_PER_SECOND;
    }

    private static long compilerTicks(Path task) {
        try {
            String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return 0;
            }
            return CpuSnapshot.statTicks(task.resolve("stat"), false);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended between listing and reading
        }
    }
}
