package dev.sieve.storage.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the events topic when it does not exist (clusters usually have
 * {@code auto.create.topics.enable=false}). Blocking: run at start-up, before the verticles, like
 * the database migrations.
 */
public final class EventTopic {
    private static final Logger LOG = LoggerFactory.getLogger(EventTopic.class);

    private EventTopic() {
    }

    /**
     * Makes sure {@code settings.topic()} exists, creating it with {@code settings.partitions()}
     * partitions; returns the partition count it has.
     *
     * @throws IllegalStateException when the cluster cannot be reached within {@code timeout}
     */
    public static int ensure(KafkaSettings settings, Duration timeout) {
        try (Admin admin = Admin.create(KafkaClientConfig.admin(settings))) {
            return ensure(admin, settings, timeout);
        }
    }

    static int ensure(Admin admin, KafkaSettings settings, Duration timeout) {
        String topic = settings.topic();
        try {
            NewTopic request = new NewTopic(topic, Optional.of(settings.partitions()), settings.replicationFactor())
                    .configs(Map.of("cleanup.policy", "delete"));
            try {
                admin.createTopics(List.of(request)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created Kafka topic {} with {} partitions", topic, settings.partitions());
                return settings.partitions();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create Kafka topic " + topic + ": "
                            + KafkaFailures.describe(e.getCause()), e.getCause());
                }
            }
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            int partitions = description.partitions().size();
            if (partitions < settings.partitions()) {
                LOG.warn("Kafka topic {} has {} partitions, fewer than the {} configured; it is used as is",
                        topic, partitions, settings.partitions());
            }
            return partitions;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe Kafka topic " + topic + ": "
                    + KafkaFailures.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka topic", e);
        }
    }
}
