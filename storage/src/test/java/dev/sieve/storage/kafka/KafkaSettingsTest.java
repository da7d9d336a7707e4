package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    @Test
    void defaultsAreValid() {
        KafkaSettings settings = KafkaSettings.defaults("127.0.0.1:9092");

        assertThat(settings.topic()).isEqualTo("sieve.enforced-events");
        assertThat(settings.groupId()).isEqualTo("sieve-storage");
    }

    @Test
    void namesEveryProblemAtOnce() {
        assertThatThrownBy(() -> new KafkaSettings(" ", "bad topic!", 0, Optional.of((short) 0), "",
                Optional.of(" "), 0, Duration.ofSeconds(2), Duration.ofMillis(500), 0,
                Map.of("acks", "1", "enable.auto.commit", "true", "sasl.mechanism", "PLAIN")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers").hasMessageContaining("topic must be")
                .hasMessageContaining("partitions").hasMessageContaining("replicationFactor")
                .hasMessageContaining("groupId").hasMessageContaining("groupInstanceId")
                .hasMessageContaining("maxInFlightRecords").hasMessageContaining("linger")
                .hasMessageContaining("deliveryTimeout").hasMessageContaining("maxPollRecords")
                .hasMessageContaining("may not set acks, enable.auto.commit")
                .message().doesNotContain("sasl.mechanism");
    }

    @Test
    void guaranteesWinOverPassThroughProperties() {
        KafkaSettings settings = new KafkaSettings("127.0.0.1:9092", "t", 3, Optional.empty(), "g",
                Optional.of("node-1"), 100, Duration.ofMillis(5), Duration.ofSeconds(8), 500,
                Map.of("security.protocol", "SASL_SSL", "compression.type", "zstd"));

        Map<String, Object> producer = KafkaClientConfig.producer(settings);
        Map<String, Object> consumer = KafkaClientConfig.consumer(settings);

        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("compression.type", "zstd")
                .containsEntry("delivery.timeout.ms", 8000);
        assertThat((Integer) producer.get("request.timeout.ms") + 5).isLessThanOrEqualTo(8000);
        assertThat(consumer).containsEntry("enable.auto.commit", false).containsEntry("group.id", "g")
                .containsEntry("group.instance.id", "node-1").containsEntry("max.poll.records", 500)
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void readsClientPropertiesFromAFileAndHidesTheirValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.jaas.config=secret-password \n");

        Map<String, String> properties = KafkaSettings.readClientProperties(file);
        KafkaSettings settings = new KafkaSettings("b:9092", "t", 1, Optional.empty(), "g", Optional.empty(), 1,
                Duration.ZERO, Duration.ofSeconds(8), 1, properties);

        assertThat(properties).containsEntry("sasl.jaas.config", "secret-password");
        assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("secret-password");
    }
}
