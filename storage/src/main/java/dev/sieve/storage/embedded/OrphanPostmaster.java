package dev.sieve.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server left running on a data directory by a JVM that died without closing
 * it (SIGKILL, OOM kill). Without this, zonky would start a second postmaster that fails on the
 * lock file, or, on the same port, silently talk to the orphan.
 *
 * <p>A live owner is told apart from an orphan by zonky's {@code epg-lock} file: the JVM that
 * started the server holds an OS lock on it for as long as it lives.
 */
final class OrphanPostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanPostmaster.class);
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";

    private OrphanPostmaster() {
    }

    /**
     * Stops the orphaned server of {@code pgData}, if any, with a fast shutdown (SIGINT), then an
     * immediate one (SIGQUIT) if it has not stopped within {@code timeout}.
     *
     * @throws IllegalStateException when a live process owns the directory, or the orphan won't stop
     */
    static void stopIfRunning(Path pgData, Duration timeout) {
        if (Files.exists(pgData.resolve(PID_FILE))) {
            requireNoLiveOwner(pgData.resolve(ZONKY_LOCK_FILE));
            stopServer(pgData, timeout);
        }
    }

    /** Stops whatever server runs on {@code pgData} without asking who owns it. */
    static void stopServer(Path pgData, Duration timeout) {
        OptionalLong pid = readPid(pgData.resolve(PID_FILE));
        if (pid.isEmpty()) {
            return;
        }
        PostmasterProcess process = new PostmasterProcess(pid.getAsLong());
        if (!process.isRunning()) {
            if (process.isZombie()) {
                // PostgreSQL would take the unreaped pid for a running postmaster and refuse to start.
                LOG.warn("removing the postmaster.pid of a killed PostgreSQL server that was never reaped (pid {})",
                        pid.getAsLong());
                deleteQuietly(pgData.resolve(PID_FILE));
            }
            return; // otherwise a stale pid file: PostgreSQL's own start-up recovery handles it
        }
        if (!process.isPostgresOn(pgData)) {
            // The pid was reused (a reboot, a new container): PostgreSQL would refuse to start.
            LOG.warn("removing a stale postmaster.pid whose pid now belongs to another process");
            deleteQuietly(pgData.resolve(PID_FILE));
            return;
        }
        LOG.warn("stopping an orphaned PostgreSQL server (pid {})", pid.getAsLong());
        process.signal("INT");
        if (process.awaitExit(timeout)) {
            return;
        }
        LOG.warn("PostgreSQL server (pid {}) ignored a fast shutdown; sending SIGQUIT", pid.getAsLong());
        process.signal("QUIT");
        if (!process.awaitExit(timeout)) {
            throw new IllegalStateException("could not stop the orphaned PostgreSQL server, pid " + pid.getAsLong());
        }
    }

    private static OptionalLong readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // half-written by a crashing postmaster: PostgreSQL copes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireNoLiveOwner(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("the PostgreSQL data directory is in use by another running process");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("the PostgreSQL data directory is already in use by this process");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
