package dev.sieve.storage.kafka;

import ch.qos.logback.classic.Level;
import dev.sieve.storage.kafka.testing.KafkaBroker;
import dev.sieve.storage.testing.Sql;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.LoggerFactory;

/** A fresh topic and group per test on the shared broker, and what the tests ask Kafka and the database. */
final class TestTopics {
    /** What docs/kafka.md asks the lead to add as a migration; created by hand here until it exists. */
    static final String DEAD_LETTERS_DDL = """
            CREATE TABLE IF NOT EXISTS dead_letters (
                topic           text        NOT NULL,
                kafka_partition integer     NOT NULL,
                kafka_offset    bigint      NOT NULL,
                error           text        NOT NULL,
                recorded_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (topic, kafka_partition, kafka_offset)
            )""";

    static {
        // The clients log their whole configuration at INFO for every client created.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);
    }

    private TestTopics() {
    }

    static KafkaSettings fresh(int partitions) {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings settings = KafkaSettings.defaults(KafkaBroker.shared().bootstrapServers())
                .withTopic(name, partitions)
                .withGroup("group-" + name, Optional.empty());
        EventTopic.ensure(settings, Duration.ofSeconds(30));
        return settings;
    }

    /** The group's committed offsets on the topic, summed over partitions (0 when none). */
    static long committed(KafkaSettings settings) {
        try (Admin admin = Admin.create(KafkaClientConfig.admin(settings))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(settings.groupId())
                    .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(settings.topic()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long rows(String uri, String query, Object... parameters) {
        return ((Number) Sql.value(uri, query, parameters)).longValue();
    }
}
