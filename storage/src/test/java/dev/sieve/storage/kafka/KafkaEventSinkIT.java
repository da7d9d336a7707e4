package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.sink.WriteResult;
import dev.sieve.storage.kafka.testing.RawTopic;
import dev.sieve.storage.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaEventSinkIT {
    private static final EnforcedEventCodec CODEC = new EnforcedEventCodec();
    private static KafkaSettings settings;
    private static EventProducer producer;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        settings = TestTopics.fresh(3);
        producer = EventProducer.start(settings);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
    }

    @Test
    void acknowledgedEventsAreOnTheTopicKeyedByUserInOrder() {
        List<EnforcedEvent> events = new ArrayList<>(KafkaTestEvents.many(300, 7));
        EnforcedEvent keyless = KafkaTestEvents.minimal(UUID.randomUUID());
        events.add(keyless);

        WriteResult result = Await.result(producer.sink(vertx).write(events));

        assertThat(result).isEqualTo(new WriteResult(301, 0));
        Map<UUID, ConsumerRecord<byte[], byte[]>> byId = RawTopic.readAll(settings.bootstrapServers(), settings.topic())
                .stream().collect(Collectors.toMap(r -> CODEC.decode(r.value()).eventId(), Function.identity()));
        assertThat(byId).hasSize(301);
        for (EnforcedEvent event : events) {
            ConsumerRecord<byte[], byte[]> record = byId.get(event.eventId());
            assertThat(CODEC.decode(record.value())).isEqualTo(event);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(KafkaEventSink.key(event));
        }
        assertThat(new String(byId.get(keyless.eventId()).key(), StandardCharsets.UTF_8))
                .isEqualTo(keyless.eventId().toString());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byUser = events.stream().filter(e -> e.userKey() != null)
                .map(e -> byId.get(e.eventId()))
                .collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8)));
        assertThat(byUser).hasSize(7);
        byUser.values().forEach(records -> {
            assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
            assertThat(records).extracting(ConsumerRecord::offset).isSorted();
        });
    }

    @Test
    void refusesAtOnceBeyondItsInFlightBound() {
        try (EventProducer boundedProducer = EventProducer.start(
                settings.withProducerBounds(10, KafkaSettings.DEFAULT_DELIVERY_TIMEOUT))) {
            KafkaEventSink bounded = boundedProducer.sink(vertx);

            Throwable tooBig = Await.failure(bounded.write(KafkaTestEvents.many(11, 2)));
            Future<WriteResult> first = bounded.write(KafkaTestEvents.many(8, 2));
            Future<WriteResult> second = bounded.write(KafkaTestEvents.many(8, 2));

            assertThat(SieveException.codeOf(tooBig)).isEqualTo(ErrorCode.WRITER_SATURATED);
            assertThat(Await.result(first).stored()).isEqualTo(8);
            assertThat(SieveException.codeOf(Await.failure(second))).isEqualTo(ErrorCode.WRITER_SATURATED);
            assertThat(bounded.inFlightRecords()).isZero();
            assertThat(Await.result(bounded.write(KafkaTestEvents.many(10, 2))).stored()).isEqualTo(10);
            assertThat(Await.result(bounded.write(List.of()))).isEqualTo(WriteResult.EMPTY);
        }
    }
}
