package dev.sieve.storage.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the events topic when it does not exist (clusters usually have
 * {@code auto.create.topics.enable=false}). Blocking: run at start-up, before the verticles, like
 * the database migrations.
 */
public final class EventTopic {
    private static final Logger LOG = LoggerFactory.getLogger(EventTopic.class);
    private static final Duration LEADER_POLL = Duration.ofMillis(50);

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
                long deadline = System.nanoTime() + timeout.toNanos();
                admin.createTopics(List.of(request)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                awaitWritable(admin, topic, deadline, timeout);
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

    /**
     * Waits until every partition of a topic just created takes writes. The broker publishes a new
     * partition's leader in its metadata a moment before its replica manager has the partition, so a
     * leader in {@code describeTopics} is not enough: a produce request in that moment fails with
     * {@code NOT_LEADER_OR_FOLLOWER}. An idempotent producer with several requests in flight can then
     * have a later request appended first, and retry the earlier one with
     * {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its delivery timeout (KAFKA-15591): the first writes
     * after start-up would fail. A {@code ListOffsets} request is served by the partition's leader
     * from the same replica manager, so once it succeeds for every partition, so does a produce.
     * Right after the creation, describing the topic can also fail with {@code UNKNOWN_TOPIC_OR_PARTITION}.
     */
    private static void awaitWritable(Admin admin, String topic, long deadline, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<TopicPartitionInfo> partitions = awaitLeaders(admin, topic, deadline, timeout);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : partitions) {
            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        while (true) {
            try {
                admin.listOffsets(latest).all().get(left(deadline, topic, timeout), TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
                // A partition's leader does not serve it yet: ask again.
            }
            Thread.sleep(LEADER_POLL.toMillis());
        }
    }

    private static List<TopicPartitionInfo> awaitLeaders(Admin admin, String topic, long deadline, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(left(deadline, topic, timeout), TimeUnit.NANOSECONDS).get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return description.partitions();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // The broker answering does not know the new topic yet: ask again.
            }
            Thread.sleep(LEADER_POLL.toMillis());
        }
    }

    /** Nanoseconds left before {@code deadline}; fails when none are. */
    private static long left(long deadline, String topic, Duration timeout) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException("Kafka topic " + topic + " was created, but not every partition took"
                    + " writes within " + timeout.toSeconds() + " s");
        }
        return left;
    }
}
