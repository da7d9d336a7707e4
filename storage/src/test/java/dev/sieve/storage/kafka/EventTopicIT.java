package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.storage.kafka.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
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
}
