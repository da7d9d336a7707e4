package dev.sieve.loadtest.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway first JFR recording in the service, run through the first round of its warm-up.
 * The first recording in a JVM costs far more than the later ones: in closed batch-100 the service
 * used about twice the CPU per event during its first recording, and no more than without JFR
 * during a second one (docs/performance.md). So the suite pays that once-only cost while the JIT
 * settles, and the profiled phases measure what profiling costs from then on.
 */
public final class JfrPrimer {
    private final JfrRecording recording;
    private final Path file;

    private JfrPrimer(JfrRecording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts a recording with the profiled phases' settings in process {@code pid}. */
    public static JfrPrimer start(long pid) throws IOException, InterruptedException {
        Path file = Files.createTempFile("sieve-jfr-primer-", ".jfr");
        return new JfrPrimer(JfrRecording.start(pid, "jfr-primer", file), file);
    }

    /** Where the recording writes (deleted by {@link #stop}). */
    Path file() {
        return file;
    }

    /** Stops the recording and deletes what it wrote. */
    public void stop() throws IOException, InterruptedException {
        try {
            recording.stop();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
