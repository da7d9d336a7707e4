package dev.sieve.loadtest.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long, in total since boot, at least one task on this machine was stalled waiting for I/O:
 * the {@code some} line of Linux's pressure stall information ({@code /proc/pressure/io}). Read once
 * a second beside the latency, it tells a second in which the disk held commits up from one in which
 * something else was slow (docs/performance.md).
 */
public final class IoPressure {
    private static final Path FILE = Path.of("/proc/pressure/io");
    /** What {@link #stalledMicros()} returns where the kernel gives no pressure information. */
    public static final long UNKNOWN = -1;

    private IoPressure() {
    }

    /** Microseconds stalled on I/O since boot, or {@link #UNKNOWN}. */
    public static long stalledMicros() {
        try {
            return someTotal(Files.readString(FILE, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The {@code total=} of the {@code some} line, or {@link #UNKNOWN} when there is none. */
    static long someTotal(String pressure) {
        for (String line : pressure.split("\n")) {
            if (!line.startsWith("some ")) {
                continue;
            }
            for (String field : line.split(" ")) {
                if (field.startsWith("total=")) {
                    return Long.parseLong(field.substring("total=".length()));
                }
            }
        }
        return UNKNOWN;
    }

    /** Milliseconds stalled between two readings, or -1 when either is unknown. */
    public static double stalledMillisBetween(long before, long after) {
        return before == UNKNOWN || after == UNKNOWN ? -1 : (after - before) / 1000.0;
    }
}
