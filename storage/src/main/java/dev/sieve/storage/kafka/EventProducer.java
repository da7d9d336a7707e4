package dev.sieve.storage.kafka;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka producer of an ingest node, shared by the {@link KafkaEventSink} of every event
 * loop (Kafka batches better with one producer per process). Blocking start and close: call them
 * from the composition root, not from an event loop.
 */
public final class EventProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventProducer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSettings settings;
    private final Producer<String, byte[]> producer;

    private EventProducer(KafkaSettings settings, Producer<String, byte[]> producer) {
        this.settings = settings;
        this.producer = producer;
    }

    /**
     * Creates the producer and fetches the topic's metadata (so the first sends need not wait for
     * it). A broker that cannot be reached now is logged, not fatal: writes fail with
     * {@code STORAGE_UNAVAILABLE} until it can.
     */
    public static EventProducer start(KafkaSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Producer<String, byte[]> producer = new KafkaProducer<>(KafkaClientConfig.producer(settings));
        try {
            int partitions = producer.partitionsFor(settings.topic()).size();
            LOG.info("producing enforced events to {} ({} partitions) on {}", settings.topic(), partitions,
                    settings.bootstrapServers());
        } catch (RuntimeException e) {
            LOG.warn("Kafka metadata for {} not available yet ({}); writes fail until it is", settings.topic(),
                    KafkaFailures.describe(e));
        }
        return new EventProducer(settings, producer);
    }

    /** A sink for the calling event loop; call from that loop (e.g. in a verticle's start). */
    public KafkaEventSink sink(Vertx vertx) {
        return new KafkaEventSink(vertx, producer, settings.topic(), settings.maxInFlightRecords());
    }

    /** Sends what is buffered (waiting up to 10 s for acknowledgements), then closes. */
    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
