package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.storage.kafka.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

class EventTopicIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aCreatedTopicHasALeaderForEveryPartitionWhenEnsureReturns() throws Exception {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings settings = KafkaSettings.defaults(KafkaBroker.shared().bootstrapServers())
                .withTopic(name, 12)
                .withGroup("group-" + name, Optional.empty());
        try (Admin admin = Admin.create(KafkaClientConfig.admin(settings))) {
            assertThat(EventTopic.ensure(admin, settings, TIMEOUT)).isEqualTo(12);

            TopicDescription created = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(name);
            assertThat(created.partitions()).hasSize(12).allSatisfy(partition ->
                    assertThat(partition.leader()).as("leader of partition %d", partition.partition())
                            .isNotNull().matches(leader -> !leader.isEmpty()));

            assertThat(EventTopic.ensure(admin, settings.withTopic(name, 16), TIMEOUT))
                    .as("an existing topic is used as it is").isEqualTo(12);
        }
    }

    /**
     * The broker publishes a new partition's leader in its metadata a moment before the partition
     * takes writes. An idempotent producer whose first request fell into that moment could be stuck
     * with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591). A producer that
     * never retries shows the moment: every partition must take its first record at once.
     */
    @Test
    void everyPartitionTakesWritesWhenEnsureReturns() throws Exception {
        for (int round = 0; round < 5; round++) {
            String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
            KafkaSettings settings = KafkaSettings.defaults(KafkaBroker.shared().bootstrapServers())
                    .withTopic(name, 24)
                    .withGroup("group-" + name, Optional.empty());
            EventTopic.ensure(settings, TIMEOUT);

            Map<String, Object> config = new HashMap<>(KafkaClientConfig.producer(settings));
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            config.put(ProducerConfig.RETRIES_CONFIG, 0);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int partition = 0; partition < 24; partition++) {
                    sent.add(producer.send(new ProducerRecord<>(name, partition, "k", new byte[] {1})));
                }
                for (int partition = 0; partition < 24; partition++) {
                    assertThat(sent.get(partition).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).offset())
                            .as("round %d, first record of partition %d", round, partition).isZero();
                }
            }
        }
    }
}
