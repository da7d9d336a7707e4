package dev.sieve.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.FreePort;
import dev.sieve.ingest.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-config service in its own JVM: events acknowledged with 2xx are in the table after the
 * process is killed with SIGKILL right after the answer and restarted on the same data directory.
 */
class CrashRecoveryIT {
    private static final String WRITER = "crash-writer-key-0123456789";
    private static final Pattern PG_LINE = Pattern.compile("PostgreSQL: (postgresql://\\S+)");

    @TempDir
    Path dataDir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: the shutdown hook stops the embedded PostgreSQL
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        killPostgres(); // whatever a failed test left behind
    }

    @Test
    void acknowledgedEventsSurviveSigkillOfTheJvmAndOfPostgres() throws Exception {
        Node first = startNode();
        Set<UUID> acked = ingestUntilKilled(first, 2_000);
        first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(Files.readString(first.log)).as("the log of a start and of ingest under load")
                .doesNotContain("already registered"); // a meter registered twice: the second not counted
        // The embedded PostgreSQL outlives the JVM: the next start must find and stop the orphan.
        Node second = startNode();
        assertAllStoredOnce(second, acked);

        Set<UUID> ackedAgain = ingestUntilKilled(second, 2_000);
        second.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        killPostgres(); // a power cut: PostgreSQL dies too, so only what reached the disk counts
        Node third = startNode();
        assertAllStoredOnce(third, ackedAgain);
        assertAllStoredOnce(third, acked);

        // A clean stop: SIGTERM closes HTTP and Vert.x, then PostgreSQL last, with nothing to complain about.
        int logged = Files.readString(third.log).length();
        third.process.destroy();
        assertThat(third.process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        assertThat(dataDir.resolve("pg").resolve("postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
        assertThat(Files.readString(third.log).substring(logged)).as("log lines of the stop")
                .doesNotContain("WARN", "ERROR");
    }

    private record Node(Process process, Http http, String pgUri, Path log) {
    }

    private Node startNode() throws Exception {
        int port = FreePort.find();
        Path log = Files.createTempFile(dataDir.getParent(), "sieve-node", ".log");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.sieve.ingest.Main")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SIEVE_DATA_DIR", dataDir.toString());
        pb.environment().put("SIEVE_HTTP_PORT", Integer.toString(port));
        pb.environment().put("SIEVE_HTTP_HOST", "127.0.0.1");
        pb.environment().put("SIEVE_WRITER_KEY", WRITER);
        pb.environment().remove("SIEVE_PG_URL");
        Process process = pb.start();
        started.add(process);
        Http http = new Http("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("node exited: %s", Files.readString(log)).isTrue();
            String out = Files.readString(log);
            Matcher m = PG_LINE.matcher(out);
            if (m.find() && ready(http)) {
                return new Node(process, http, m.group(1), log);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node not ready in time: " + Files.readString(log));
    }

    private static boolean ready(Http http) {
        try {
            return http.get("/health/ready").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Posts batches from 4 threads until {@code target} events are acknowledged; returns the acknowledged ids. */
    private static Set<UUID> ingestUntilKilled(Node node, int target) throws Exception {
        Set<UUID> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    List<UUID> ids = new ArrayList<>();
                    JsonArray batch = new JsonArray();
                    for (int i = 0; i < 20; i++) {
                        UUID id = UUID.randomUUID();
                        ids.add(id);
                        batch.add(new JsonObject().put("id", id.toString()).put("type", "page_view")
                                .put("anonymousId", "anon-" + (i % 7)).put("ip", "192.0.2.1"));
                    }
                    HttpResponse<String> r = node.http.post("/v1/events", WRITER, "application/json", batch.encode());
                    if (r.statusCode() == 200) {
                        acked.addAll(ids);
                        if (acked.size() >= target) {
                            stop.set(true);
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        // Kill as soon as the target is reached, while other requests are still in flight.
        while (!stop.get() && !pool.isTerminated()) {
            Thread.sleep(1);
        }
        pool.shutdownNow();
        return Set.copyOf(acked);
    }

    private static void assertAllStoredOnce(Node node, Set<UUID> acked) {
        Db db = new Db(node.pgUri);
        String[] ids = acked.stream().map(UUID::toString).toArray(String[]::new);
        long present = db.count("SELECT count(DISTINCT event_id) FROM events WHERE event_id = ANY(?::uuid[])", (Object) ids);
        long rows = db.count("SELECT count(*) FROM events WHERE event_id = ANY(?::uuid[])", (Object) ids);
        assertThat(present).as("acknowledged events missing after the crash").isEqualTo(acked.size());
        assertThat(rows).as("acknowledged events stored twice").isEqualTo(acked.size());
    }

    /** SIGKILL to every PostgreSQL process of this data directory. */
    private void killPostgres() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path pid : files.filter(p -> p.getFileName().toString().equals("postmaster.pid")).toList()) {
                long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).trim());
                ProcessHandle.of(postmaster).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
                });
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
