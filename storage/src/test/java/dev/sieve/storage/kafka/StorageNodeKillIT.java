package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promise across a crash: a storage node in its own JVM is SIGKILLed while it consumes (no
 * shutdown hook, no offset commit, a batch possibly stored and not committed) and started again
 * with the same static group membership; every acknowledged event ends up stored exactly once.
 */
class StorageNodeKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(StorageNodeKillIT.class);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static String uri;
    private static KafkaSettings settings;
    private static Vertx vertx;
    private static EventProducer producer;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        uri = TestPostgres.freshDatabase();
        settings = TestTopics.fresh(4).withGroup("storage-" + UUID.randomUUID(), java.util.Optional.of("storage-node-1"));
        vertx = Vertx.vertx();
        producer = EventProducer.start(settings);
    }

    @AfterAll
    static void stop() {
        producer.close();
        Await.result(vertx.close());
    }

    @Test
    void everyAcknowledgedEventIsStoredOnceAcrossAStorageNodeKill(@TempDir Path dir) throws Exception {
        try {
            KafkaEventSink sink = producer.sink(vertx);
            List<EnforcedEvent> acked = new ArrayList<>();
            produce(sink, 6_000, acked);

            Process first = storageNode(dir.resolve("first.log"));
            Await.until("the first node stores some events", WITHIN, () -> stored() >= 500);
            first.destroyForcibly(); // SIGKILL
            first.waitFor(10, TimeUnit.SECONDS);
            long storedAtKill = stored();
            long committedAtKill = TestTopics.committed(settings);
            LOG.info("killed the storage node with {} events stored and {} offsets committed", storedAtKill, committedAtKill);
            assertThat(storedAtKill).as("killed mid-stream").isLessThan(6_000);

            produce(sink, 2_000, acked); // acknowledged while no storage node runs
            storageNode(dir.resolve("second.log"));

            Await.until("every acknowledged event stored", WITHIN, () -> stored() == acked.size());
            Await.until("every offset committed", WITHIN, () -> TestTopics.committed(settings) == acked.size());
            assertThat(TestTopics.rows(uri, "SELECT count(*) FROM events")).isEqualTo(8_000);
            assertThat(TestTopics.rows(uri, "SELECT count(DISTINCT event_id) FROM events WHERE event_id = ANY(?)",
                    (Object) acked.stream().map(EnforcedEvent::eventId).toArray(UUID[]::new))).isEqualTo(8_000);
        } finally {
            for (Process child : children) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void produce(KafkaEventSink sink, int count, List<EnforcedEvent> acked) {
        for (int i = 0; i < count; i += 500) {
            List<EnforcedEvent> batch = KafkaTestEvents.many(500, 100);
            Await.result(sink.write(batch));
            acked.addAll(batch);
        }
    }

    private static long stored() {
        return TestTopics.rows(uri, "SELECT count(*) FROM events");
    }

    private Process storageNode(Path log) throws IOException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                StorageConsumerMain.class.getName(), settings.bootstrapServers(), settings.topic(), settings.groupId(),
                settings.groupInstanceId().orElseThrow(), uri)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        children.add(child);
        Await.until("the storage node is ready", WITHIN, () -> {
            if (!child.isAlive()) {
                throw new AssertionError("the storage node exited: " + read(log));
            }
            return read(log).contains("READY");
        });
        return child;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
