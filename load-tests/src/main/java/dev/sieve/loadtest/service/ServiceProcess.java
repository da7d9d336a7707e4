package dev.sieve.loadtest.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service under test in its own JVM, as CrashRecoveryIT starts it: ready once the banner
 * names its PostgreSQL and {@code /health/ready} answers 200.
 */
public final class ServiceProcess {
    private static final Pattern PG_LINE = Pattern.compile("PostgreSQL: (postgresql://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ServiceSpec spec;
    private final Process process;
    private final int port;
    private final String pgUri;
    private final Path log;

    private ServiceProcess(ServiceSpec spec, Process process, int port, String pgUri, Path log) {
        this.spec = spec;
        this.process = process;
        this.port = port;
        this.pgUri = pgUri;
        this.log = log;
    }

    /** Starts the service and waits until it is ready; its output goes to {@code log}. */
    public static ServiceProcess start(ServiceSpec spec, ChildProcesses children, Path log) throws IOException {
        int port = FreePort.find();
        List<String> command = new ArrayList<>();
        command.add(javaBin());
        command.addAll(spec.jvmArgs());
        command.addAll(List.of("-cp", spec.classpath(), ServiceSpec.MAIN));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("SIEVE_"));
        pb.environment().put("SIEVE_DATA_DIR", spec.dataDir().toString());
        pb.environment().put("SIEVE_HTTP_PORT", Integer.toString(port));
        pb.environment().put("SIEVE_HTTP_HOST", "127.0.0.1");
        pb.environment().put("SIEVE_WRITER_KEY", spec.writerKey());
        pb.environment().put("SIEVE_CONSENT_KEY", spec.consentKey());
        pb.environment().putAll(spec.extraEnv());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        children.watchPostgres(spec.pgData());
        Process process = children.start(pb);
        String pgUri = awaitReady(process, port, log, logStart);
        return new ServiceProcess(spec, process, port, pgUri, log);
    }

    private static String awaitReady(Process process, int port, Path log, long logStart) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited during start-up (exit " + process.exitValue()
                        + "); see " + log);
            }
            Matcher m = PG_LINE.matcher(tail(log, logStart));
            if (m.find() && ready(http, port)) {
                return m.group(1);
            }
            sleep(200);
        }
        throw new IllegalStateException("the service was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
    }

    private static boolean ready(HttpClient http, int port) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The banner's PostgreSQL URI (the embedded server, no password). */
    public String pgUri() {
        return pgUri;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public ServiceSpec spec() {
        return spec;
    }

    /** The postmaster's pid, read from its pid file, or -1. */
    public long postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(spec.pgData().resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * SIGKILL to the JVM and to its PostgreSQL (postmaster and backends) at once: nothing gets to
     * flush or shut down cleanly. Returns once both are gone.
     */
    public void kill() throws InterruptedException {
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElse(null);
        List<ProcessHandle> backends = postmaster == null ? List.of() : postmaster.descendants().toList();
        process.destroyForcibly();
        if (postmaster != null) {
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
        }
        process.waitFor(10, TimeUnit.SECONDS);
        ChildProcesses.killPostmaster(spec.pgData());
    }

    /** SIGTERM (the service stops its PostgreSQL in a shutdown hook), SIGKILL after 30 s. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
        ChildProcesses.killPostmaster(spec.pgData());
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
