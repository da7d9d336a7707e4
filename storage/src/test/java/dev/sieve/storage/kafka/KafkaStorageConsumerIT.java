package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.sink.EventSink;
import dev.sieve.enforcement.sink.WriteResult;
import dev.sieve.storage.kafka.testing.TcpProxy;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ingest side (sink) to storage side (consumer group) through the real broker into the real database. */
class KafkaStorageConsumerIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static String uri;
    private static Vertx vertx;
    private String deployment;
    private ConsumerGroupLag lag;

    @BeforeAll
    static void start() {
        uri = TestPostgres.freshDatabase();
        Sql.execute(uri, TestTopics.DEAD_LETTERS_DDL);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    @AfterEach
    void undeploy() {
        if (deployment != null) {
            Await.result(vertx.undeploy(deployment));
        }
        if (lag != null) {
            lag.close();
        }
    }

    @Test
    void storesEveryAcknowledgedEventExactlyOnceAndDeduplicatesRedeliveries() {
        KafkaSettings settings = TestTopics.fresh(4);
        List<EnforcedEvent> events = KafkaTestEvents.many(3_000, 50);
        produce(settings, events);
        StorageConsumerStats stats = new StorageConsumerStats();
        lag = ConsumerGroupLag.start(vertx, settings, Duration.ofMillis(200));
        Await.until("the lag is known", WITHIN, () -> lag.lag() == 3_000);

        deployment = deploy(settings, PgUri.parse(uri).connectOptions(), stats, 2);

        Await.until("every event stored", WITHIN, () -> stored(events) == 3_000);
        Await.until("the lag drops to 0", WITHIN, () -> lag.lag() == 0);
        assertThat(TestTopics.committed(settings)).isEqualTo(3_000);
        assertThat(TestTopics.rows(uri, "SELECT count(*) FROM events")).isEqualTo(3_000);

        // Redelivery around the first rebalance of the two members may have counted duplicates already.
        long duplicatesBefore = stats.duplicateEvents();
        produce(settings, events.subList(0, 500)); // a client retried: the same event ids again
        Await.until("the retried events were consumed", WITHIN, () -> stats.duplicateEvents() >= duplicatesBefore + 500);
        assertThat(TestTopics.rows(uri, "SELECT count(*) FROM events")).isEqualTo(3_000);
        assertThat(stats.storedEvents()).isEqualTo(3_000);
        Await.until("the lag drops to 0", WITHIN, () -> lag.lag() == 0);
    }

    /**
     * The window the offset commit leaves: rows committed in PostgreSQL, offsets not committed in
     * Kafka, and the node gone. The next consumer reads those records again; they are not stored twice.
     */
    @Test
    void aNodeLostBetweenTheDatabaseCommitAndTheOffsetCommitCausesNoDuplicate() {
        KafkaSettings settings = TestTopics.fresh(2).withMaxPollRecords(200);
        List<EnforcedEvent> events = KafkaTestEvents.many(1_000, 10);
        produce(settings, events);
        PgConnectOptions connect = PgUri.parse(uri).connectOptions();
        Vertx doomed = Vertx.vertx();
        Promise<Integer> firstBatchStored = Promise.promise();
        Await.result(doomed.deployVerticle(() -> new KafkaStorageConsumer(settings, v -> {
            PgStorageTarget real = PgStorageTarget.open(v, connect, WriterSettings.DEFAULTS, WriterObserver.NONE);
            return new KafkaStorageConsumer.Target() {
                @Override
                public EventSink events() {
                    // Stores, then never reports back: the consumer cannot commit the offsets.
                    return batch -> real.events().write(batch).compose(written -> {
                        firstBatchStored.tryComplete(written.stored());
                        return Promise.<WriteResult>promise().future();
                    });
                }

                @Override
                public DeadLetters deadLetters() {
                    return real.deadLetters();
                }

                @Override
                public Future<Void> close() {
                    return real.close();
                }
            };
        }, new StorageConsumerStats()), new DeploymentOptions()));
        int storedBeforeTheLoss = Await.result(firstBatchStored.future());
        Await.result(doomed.close());
        assertThat(storedBeforeTheLoss).isPositive();
        assertThat(stored(events)).isEqualTo(storedBeforeTheLoss);
        assertThat(TestTopics.committed(settings)).isZero();

        StorageConsumerStats stats = new StorageConsumerStats();
        deployment = deploy(settings, connect, stats, 1);

        Await.until("every event stored", WITHIN, () -> stored(events) == 1_000);
        Await.until("offsets committed", WITHIN, () -> TestTopics.committed(settings) == 1_000);
        assertThat(stats.duplicateEvents()).isEqualTo(storedBeforeTheLoss);
        assertThat(stats.storedEvents()).isEqualTo(1_000 - storedBeforeTheLoss);
    }

    @Test
    void deadLettersUndecodableRecordsAndCommitsPastThem() {
        KafkaSettings settings = TestTopics.fresh(1);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(KafkaClientConfig.producer(settings))) {
            raw.send(new ProducerRecord<>(settings.topic(), "k", "not json".getBytes(StandardCharsets.UTF_8)));
            raw.send(new ProducerRecord<>(settings.topic(), "k", "{\"v\":2}".getBytes(StandardCharsets.UTF_8)));
            raw.flush();
        }
        List<EnforcedEvent> events = KafkaTestEvents.many(10, 2);
        produce(settings, events);
        StorageConsumerStats stats = new StorageConsumerStats();

        deployment = deploy(settings, PgUri.parse(uri).connectOptions(), stats, 1);

        Await.until("the valid events stored", WITHIN, () -> stored(events) == 10);
        Await.until("offsets committed past the bad records", WITHIN, () -> TestTopics.committed(settings) == 12);
        List<Map<String, Object>> letters = Sql.rows(uri,
                "SELECT kafka_partition, kafka_offset, error FROM dead_letters WHERE topic = ? ORDER BY kafka_offset",
                settings.topic());
        assertThat(letters).extracting(l -> l.get("kafka_offset")).containsExactly(0L, 1L);
        assertThat(letters).extracting(l -> l.get("error")).containsExactly(
                "undecodable: malformed JSON", "undecodable: unsupported schema version (expected 1)");
        assertThat(stats.deadLetters()).isEqualTo(2);
    }

    @Test
    void deadLettersAnEventPostgresRefusesAndStoresTheRest() {
        KafkaSettings settings = TestTopics.fresh(1);
        List<EnforcedEvent> events = new java.util.ArrayList<>(KafkaTestEvents.many(20, 3));
        EnforcedEvent good = events.get(7);
        EnforcedEvent refused = new EnforcedEvent(good.eventId(), good.receivedAt(), good.eventTime(), good.eventType(),
                good.purpose(), good.userKey(), null, "not-an-ip", null, null, null, null, null, null, null, null,
                null, null, null, null, 1, 0, false);
        events.set(7, refused);
        produce(settings, events);
        StorageConsumerStats stats = new StorageConsumerStats();

        deployment = deploy(settings, PgUri.parse(uri).connectOptions(), stats, 1);

        Await.until("offsets committed past the refused event", WITHIN, () -> TestTopics.committed(settings) == 20);
        assertThat(stored(events)).isEqualTo(19);
        assertThat(Sql.rows(uri, "SELECT kafka_offset, error FROM dead_letters WHERE topic = ?", settings.topic()))
                .containsExactly(Map.of("kafka_offset", 7L,
                        "error", "refused by the database: storage error (SQLSTATE 22P02)"));
        assertThat(stats.storedEvents()).isEqualTo(19);
        assertThat(stats.deadLetters()).isEqualTo(1);
    }

    @Test
    void pausesWhilePostgresIsDownCommitsNothingAndResumesWithoutLoss() {
        KafkaSettings settings = TestTopics.fresh(2);
        PgUri pg = PgUri.parse(uri);
        TcpProxy proxy = new TcpProxy(vertx, pg.host(), pg.port());
        int port = proxy.up();
        proxy.down();
        StorageConsumerStats stats = new StorageConsumerStats();
        deployment = deploy(settings, pg.connectOptions().setPort(port), stats, 1);
        List<EnforcedEvent> events = KafkaTestEvents.many(1_000, 20);

        produce(settings, events);

        Await.until("the consumer pauses", WITHIN, () -> stats.pausedConsumers() == 1 && stats.storeFailures() >= 3);
        assertThat(stored(events)).isZero();
        assertThat(TestTopics.committed(settings)).isZero();

        proxy.up();

        Await.until("every event stored after the database returned", WITHIN, () -> stored(events) == 1_000);
        Await.until("the consumer resumes", WITHIN, () -> stats.pausedConsumers() == 0);
        Await.until("offsets committed", WITHIN, () -> TestTopics.committed(settings) == 1_000);
        assertThat(TestTopics.rows(uri, "SELECT count(DISTINCT event_id) FROM events WHERE event_id = ANY(?)",
                (Object) ids(events))).isEqualTo(1_000);
        proxy.down();
    }

    private static void produce(KafkaSettings settings, List<EnforcedEvent> events) {
        try (EventProducer producer = EventProducer.start(settings)) {
            KafkaEventSink sink = producer.sink(vertx);
            for (int from = 0; from < events.size(); from += 500) {
                Await.result(sink.write(events.subList(from, Math.min(events.size(), from + 500))));
            }
        }
    }

    private static String deploy(KafkaSettings settings, PgConnectOptions connect, StorageConsumerStats stats,
                                 int instances) {
        return Await.result(vertx.deployVerticle(() -> new KafkaStorageConsumer(settings,
                        v -> PgStorageTarget.open(v, connect, WriterSettings.DEFAULTS, WriterObserver.NONE), stats),
                new DeploymentOptions().setInstances(instances)));
    }

    private static long stored(List<EnforcedEvent> events) {
        return TestTopics.rows(uri, "SELECT count(*) FROM events WHERE event_id = ANY(?)", (Object) ids(events));
    }

    private static UUID[] ids(List<EnforcedEvent> events) {
        return events.stream().map(EnforcedEvent::eventId).toArray(UUID[]::new);
    }
}
