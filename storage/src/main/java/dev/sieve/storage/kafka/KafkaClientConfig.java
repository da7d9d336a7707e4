package dev.sieve.storage.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The configuration of each Kafka client Sieve creates. The pass-through client properties go
 * first; the settings Sieve's guarantees rest on are put last, so they always win.
 */
public final class KafkaClientConfig {
    /** Bounds the producer's memory whatever happens to the broker: a full buffer fails sends. */
    static final long PRODUCER_BUFFER_BYTES = 32L * 1024 * 1024;
    /** How long a send may wait for topic metadata or buffer space (on a worker thread, never an event loop). */
    static final int MAX_BLOCK_MS = 5_000;

    private KafkaClientConfig() {
    }

    /** Idempotent, acks from every in-sync replica, compressed; bounded in memory and time. */
    public static Map<String, Object> producer(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        int delivery = (int) settings.deliveryTimeout().toMillis();
        // delivery.timeout.ms must cover linger + one request timeout.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1_000, delivery / 2 - (int) settings.linger().toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /** A member of the storage group that commits offsets itself, only after PostgreSQL committed. */
    public static Map<String, Object> consumer(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Short enough that a storage node killed without a restart hands its partitions over quickly.
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        // Bounds a blocking offset commit while the broker is away (the records are stored: a later commit covers them).
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        settings.groupInstanceId().ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /** For topic creation and lag. */
    public static Map<String, Object> admin(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return config;
    }

    private static Map<String, Object> common(KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.clientProperties());
        config.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }
}
