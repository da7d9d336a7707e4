package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.kafka.testing.KafkaBroker;
import dev.sieve.storage.kafka.testing.RawTopic;
import dev.sieve.storage.testing.Await;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka down: the ingest side's sink fails within its bound (the edge answers 503) and recovers by itself. */
class BrokerOutageIT {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);
    private static KafkaBroker broker;
    private static KafkaSettings settings;
    private static EventProducer producer;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.shared();
        settings = TestTopics.fresh(2).withProducerBounds(1_000, DELIVERY_TIMEOUT);
        producer = EventProducer.start(settings);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (!broker.running()) {
            broker.restart(); // the broker is shared with the other test classes
        }
        producer.close();
        Await.result(vertx.close());
    }

    @Test
    void failsWithinTheDeliveryTimeoutWhileTheBrokerIsDownAndRecoversWhenItReturns() {
        KafkaEventSink sink = producer.sink(vertx);
        assertThat(Await.result(sink.write(KafkaTestEvents.many(5, 5))).stored()).isEqualTo(5);

        broker.kill();
        long started = System.nanoTime();
        Throwable failure = Await.failure(sink.write(KafkaTestEvents.many(5, 5)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(SieveException.codeOf(failure)).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(failure).hasMessage("event log unavailable");
        assertThat(took).as("bounded by the delivery timeout, not hung").isLessThan(DELIVERY_TIMEOUT.plusSeconds(10));
        assertThat(sink.inFlightRecords()).isZero();

        broker.restart();
        AtomicInteger attempts = new AtomicInteger();
        Await.until("a write succeeds after the broker returned", Duration.ofSeconds(30), () -> {
            attempts.incrementAndGet();
            try {
                return Await.result(sink.write(KafkaTestEvents.many(5, 5))).stored() == 5;
            } catch (SieveException e) {
                return false;
            }
        });
        // 5 before the outage, 5 on success; the failed write may or may not have landed (a retry is deduplicated).
        assertThat(RawTopic.readAll(settings.bootstrapServers(), settings.topic()).size()).isBetween(10, 10 + 5 * attempts.get());
    }
}
