package dev.sieve.loadtest.suite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load averages (1, 5, 15 minutes), from {@code /proc/loadavg}. */
final class MachineLoad {
    private MachineLoad() {
    }

    static double[] read() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (Exception e) {
            return new double[] {-1, -1, -1};
        }
    }
}
