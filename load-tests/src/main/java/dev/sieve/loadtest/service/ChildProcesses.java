package dev.sieve.loadtest.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the suite started (service JVMs, their embedded PostgreSQL, the minimal endpoint),
 * so that all of them are gone when the suite ends, fails, or its JVM is stopped.
 */
public final class ChildProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> postgresDataDirs = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "load-suite-child-reaper");

    public ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public synchronized Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** A PostgreSQL data directory whose postmaster must not outlive the suite. */
    public synchronized void watchPostgres(Path pgData) {
        if (!postgresDataDirs.contains(pgData)) {
            postgresDataDirs.add(pgData);
        }
    }

    /** SIGTERM to every live child (the service's hook stops its PostgreSQL), then SIGKILL to what is left. */
    @Override
    public void close() {
        List<Process> live;
        synchronized (this) {
            live = processes.stream().filter(Process::isAlive).toList();
        }
        for (Process p : live) {
            p.destroy();
        }
        for (Process p : live) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Path pgData : postgresDataDirs) {
            killPostmaster(pgData);
        }
    }

    /** SIGKILL to the postmaster of {@code pgData} and its backends, if it runs. */
    public static void killPostmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty()) {
                return;
            }
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
                });
    }
}
