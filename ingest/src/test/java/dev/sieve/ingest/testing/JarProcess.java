package dev.sieve.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as it ships: the shaded jar ({@code target/sieve.jar}, built by {@code package}
 * before the integration tests) in its own JVM, configured by environment variables only.
 */
public final class JarProcess {
    private static final Path JAR = Path.of("target", "sieve.jar");
    private static final Duration START_WITHIN = Duration.ofSeconds(90);

    private final Map<String, String> env;
    private final Path log;
    private final Http http;
    private Process process;

    public JarProcess(Map<String, String> env, Path log) {
        this.env = Map.copyOf(env);
        this.log = log;
        this.http = new Http("http://127.0.0.1:" + env.get("SIEVE_HTTP_PORT"));
    }

    /** Starts the jar and returns once {@code /health/live} answers. */
    public JarProcess start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the integration tests through `mvn verify`");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("SIEVE_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + JAR, e);
        }
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the jar exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("the jar did not answer within " + START_WITHIN + "; see " + log);
            }
            sleep(100);
        }
        return this;
    }

    private boolean answers() {
        try {
            return http.get("/health/live").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Http http() {
        return http;
    }

    /** SIGKILL: no shutdown hook, no offset commit, no flush. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM: the shutdown hook closes the service. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
