package dev.sieve.storage.kafka;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage group's lag on the events topic: for every partition, its end offset minus the
 * group's committed offset (or minus its start offset when the group never committed there),
 * summed. Acknowledged events not yet stored are at most this many. Refreshed periodically
 * through an admin client, off the event loop; every storage node sees the same, group-wide value.
 */
public final class ConsumerGroupLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupLag.class);

    private final Vertx vertx;
    private final Admin admin;
    private final KafkaSettings settings;
    private final long timer;
    private volatile long lag = -1;
    private volatile boolean refreshing;

    private ConsumerGroupLag(Vertx vertx, Admin admin, KafkaSettings settings, Duration interval) {
        this.vertx = vertx;
        this.admin = admin;
        this.settings = settings;
        this.timer = vertx.setPeriodic(0, interval.toMillis(), id -> refresh());
    }

    /** Starts refreshing every {@code interval}; {@link #close()} stops. */
    public static ConsumerGroupLag start(Vertx vertx, KafkaSettings settings, Duration interval) {
        return new ConsumerGroupLag(vertx, Admin.create(KafkaClientConfig.admin(settings)), settings, interval);
    }

    /** Records on the topic not yet committed by the group; -1 until first known or while Kafka cannot be asked. */
    public long lag() {
        return lag;
    }

    private void refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committed =
                admin.listConsumerGroupOffsets(settings.groupId()).partitionsToOffsetAndMetadata();
        admin.describeTopics(List.of(settings.topic())).allTopicNames()
                .thenApply(topics -> topics.get(settings.topic()).partitions().stream()
                        .map(p -> new TopicPartition(settings.topic(), p.partition()))
                        .collect(Collectors.toSet()))
                .whenComplete((partitions, failure) -> {
                    if (failure != null) {
                        failed(failure);
                    } else {
                        sum(partitions, committed);
                    }
                });
    }

    private void sum(Set<TopicPartition> partitions, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committed) {
        KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> ends = admin.listOffsets(spec(partitions, OffsetSpec.latest())).all();
        KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> starts = admin.listOffsets(spec(partitions, OffsetSpec.earliest())).all();
        KafkaFuture.allOf(committed, ends, starts).whenComplete((v, failure) -> {
            if (failure != null) {
                failed(failure);
                return;
            }
            try {
                Map<TopicPartition, OffsetAndMetadata> done = committed.get();
                long total = 0;
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = done.get(partition);
                    long from = offset != null ? offset.offset() : starts.get().get(partition).offset();
                    total += Math.max(0, ends.get().get(partition).offset() - from);
                }
                lag = total;
            } catch (Exception e) {
                failed(e);
                return;
            }
            refreshing = false;
        });
    }

    private static Map<TopicPartition, OffsetSpec> spec(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> map = new HashMap<>();
        partitions.forEach(p -> map.put(p, spec));
        return map;
    }

    private void failed(Throwable failure) {
        lag = -1;
        refreshing = false;
        LOG.debug("consumer lag unknown: {}", KafkaFailures.describe(failure));
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        admin.close(Duration.ofSeconds(5));
    }
}
