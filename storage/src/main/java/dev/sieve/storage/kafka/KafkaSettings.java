package dev.sieve.storage.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka mode: where the enforced events go and how the clients behave.
 *
 * @param bootstrapServers   {@code host:port[,host:port...]}
 * @param topic              the enforced-events topic
 * @param partitions         partitions when Sieve creates the topic (the most storage consumers that can share work)
 * @param replicationFactor  replicas when Sieve creates the topic; empty: the broker's {@code default.replication.factor}
 * @param groupId            consumer group of the storage nodes
 * @param groupInstanceId    static group membership for this storage node (e.g. its host name): a restart
 *                           takes its partitions back at once instead of after a rebalance; empty: dynamic
 * @param maxInFlightRecords per sink (one per event loop): records sent and not yet acknowledged; a write
 *                           beyond it fails at once with {@code WRITER_SATURATED}
 * @param linger             how long the producer waits to fill a batch
 * @param deliveryTimeout    upper bound for a record to be acknowledged, retries included; then the write
 *                           fails with {@code STORAGE_UNAVAILABLE}
 * @param maxPollRecords     records a storage consumer takes per poll (one database write)
 * @param clientProperties   passed to every Kafka client as is: security ({@code security.protocol},
 *                           {@code sasl.*}, {@code ssl.*}), {@code client.id}, tuning. Keys that would break
 *                           Sieve's guarantees are refused ({@link #PROTECTED_PROPERTIES}).
 */
public record KafkaSettings(
        String bootstrapServers,
        String topic,
        int partitions,
        Optional<Short> replicationFactor,
        String groupId,
        Optional<String> groupInstanceId,
        int maxInFlightRecords,
        Duration linger,
        Duration deliveryTimeout,
        int maxPollRecords,
        Map<String, String> clientProperties) {

    public static final String DEFAULT_TOPIC = "sieve.enforced-events";
    public static final int DEFAULT_PARTITIONS = 12;
    public static final String DEFAULT_GROUP_ID = "sieve-storage";
    public static final int DEFAULT_MAX_IN_FLIGHT_RECORDS = 10_000;
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(8);
    public static final int DEFAULT_MAX_POLL_RECORDS = 2_000;

    /** Set by Sieve itself: acknowledgement, idempotence, offsets and the wire format depend on them. */
    public static final Set<String> PROTECTED_PROPERTIES = Set.of(
            "bootstrap.servers", "acks", "enable.idempotence", "enable.auto.commit", "group.id",
            "group.instance.id", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "max.in.flight.requests.per.connection", "isolation.level", "transactional.id");

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * @throws IllegalArgumentException naming every invalid setting
     */
    public KafkaSettings {
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        clientProperties = Map.copyOf(clientProperties);
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrapServers must name at least one host:port");
        }
        if (topic == null || !TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            problems.add("topic must be 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'");
        }
        if (partitions < 1) {
            problems.add("partitions must be at least 1");
        }
        if (replicationFactor.isPresent() && replicationFactor.get() < 1) {
            problems.add("replicationFactor must be at least 1");
        }
        if (groupId == null || groupId.isBlank()) {
            problems.add("groupId must not be blank");
        }
        if (groupInstanceId.isPresent() && groupInstanceId.get().isBlank()) {
            problems.add("groupInstanceId must not be blank when set");
        }
        if (maxInFlightRecords < 1) {
            problems.add("maxInFlightRecords must be at least 1");
        }
        if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
            problems.add("linger must be between 0 and 1 s");
        }
        if (deliveryTimeout.compareTo(Duration.ofSeconds(2)) < 0 || deliveryTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add("deliveryTimeout must be between 2 s and 5 min");
        }
        if (maxPollRecords < 1) {
            problems.add("maxPollRecords must be at least 1");
        }
        List<String> refused = clientProperties.keySet().stream().filter(PROTECTED_PROPERTIES::contains).sorted().toList();
        if (!refused.isEmpty()) {
            problems.add("clientProperties may not set " + String.join(", ", refused) + " (Sieve sets them)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Kafka settings: " + String.join("; ", problems));
        }
    }

    /** Every default, on {@code bootstrapServers}. */
    public static KafkaSettings defaults(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, DEFAULT_TOPIC, DEFAULT_PARTITIONS, Optional.empty(),
                DEFAULT_GROUP_ID, Optional.empty(), DEFAULT_MAX_IN_FLIGHT_RECORDS, DEFAULT_LINGER,
                DEFAULT_DELIVERY_TIMEOUT, DEFAULT_MAX_POLL_RECORDS, Map.of());
    }

    public KafkaSettings withTopic(String newTopic, int newPartitions) {
        return new KafkaSettings(bootstrapServers, newTopic, newPartitions, replicationFactor, groupId,
                groupInstanceId, maxInFlightRecords, linger, deliveryTimeout, maxPollRecords, clientProperties);
    }

    public KafkaSettings withGroup(String newGroupId, Optional<String> newGroupInstanceId) {
        return new KafkaSettings(bootstrapServers, topic, partitions, replicationFactor, newGroupId,
                newGroupInstanceId, maxInFlightRecords, linger, deliveryTimeout, maxPollRecords, clientProperties);
    }

    public KafkaSettings withProducerBounds(int newMaxInFlightRecords, Duration newDeliveryTimeout) {
        return new KafkaSettings(bootstrapServers, topic, partitions, replicationFactor, groupId,
                groupInstanceId, newMaxInFlightRecords, linger, newDeliveryTimeout, maxPollRecords, clientProperties);
    }

    public KafkaSettings withMaxPollRecords(int newMaxPollRecords) {
        return new KafkaSettings(bootstrapServers, topic, partitions, replicationFactor, groupId,
                groupInstanceId, maxInFlightRecords, linger, deliveryTimeout, newMaxPollRecords, clientProperties);
    }

    /**
     * Reads Kafka client properties (e.g. SASL/TLS settings) from a {@code .properties} file, for
     * {@link #clientProperties}. Read once at start-up by the composition root.
     */
    public static Map<String, String> readClientProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client properties from " + file, e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).trim()));
        return map;
    }

    /** Without {@link #clientProperties}' values: they may hold passwords. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", partitions="
                + partitions + ", groupId=" + groupId + ", clientProperties=" + new TreeMap<>(clientProperties).keySet() + "]";
    }
}
