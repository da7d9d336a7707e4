package dev.sieve.storage.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A process that is not our child, seen through {@code /proc} (with {@link ProcessHandle} where
 * there is no {@code /proc}). Signals go through {@code kill}: Java can only send SIGTERM/SIGKILL,
 * and PostgreSQL's fast shutdown is SIGINT.
 */
final class PostmasterProcess {
    private static final Duration POLL = Duration.ofMillis(50);

    private final long pid;
    private final Path proc;

    PostmasterProcess(long pid) {
        this.pid = pid;
        this.proc = Path.of("/proc", Long.toString(pid));
    }

    /**
     * Dead but not reaped: a killed orphan reparented to a PID 1 that never reaps. PostgreSQL's own
     * check ({@code kill(pid, 0)}) takes it for a live postmaster and refuses to start.
     */
    boolean isZombie() {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Alive and not a zombie: an orphan reparented to a PID 1 that never reaps stays a zombie. */
    boolean isRunning() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            // The state follows the command name, which is in parentheses and may contain spaces.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the process is a PostgreSQL server on {@code pgData}: a reused pid may belong to any
     * program, even to another embedded server, which must not be stopped.
     */
    boolean isPostgresOn(Path pgData) {
        Optional<String> command = ProcessHandle.of(pid).flatMap(h -> h.info().command());
        if (command.isPresent() && !command.get().endsWith("/postgres")) {
            return false;
        }
        try {
            // The postmaster makes its data directory its working directory.
            return Files.isSameFile(proc.resolve("cwd"), pgData);
        } catch (IOException | SecurityException e) {
            return command.isPresent() && cmdlineMentions(pgData);
        }
    }

    private boolean cmdlineMentions(Path pgData) {
        try {
            return Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8).contains(pgData.toString());
        } catch (IOException e) {
            return false;
        }
    }

    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("could not run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling pid " + pid, e);
        }
    }

    /** Waits until the process has exited; false if it still runs after {@code timeout}. */
    boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning();
            }
        }
        return true;
    }
}
