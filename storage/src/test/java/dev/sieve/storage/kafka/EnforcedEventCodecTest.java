package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.event.EventProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EnforcedEventCodecTest {
    private final EnforcedEventCodec codec = new EnforcedEventCodec();

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        EnforcedEvent full = KafkaTestEvents.full(UUID.randomUUID(), "k1:user");
        EnforcedEvent minimal = KafkaTestEvents.minimal(UUID.randomUUID());

        assertThat(codec.decode(codec.encode(full))).isEqualTo(full);
        assertThat(codec.decode(codec.encode(minimal))).isEqualTo(minimal);
    }

    @Test
    void propertiesTextGoesIntoTheRecordAsJson() {
        EnforcedEvent full = KafkaTestEvents.full(UUID.randomUUID(), "k1:user");
        String text = "{ \"path\" : \"/p\\u00e9\", \"n\": [1, 2.5] }";
        EnforcedEvent event = new EnforcedEvent(full.eventId(), full.receivedAt(), full.eventTime(), "e",
                full.purpose(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                EventProperties.ofJson(text), 1, 0, false);

        EnforcedEvent decoded = codec.decode(codec.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.properties().tree().get("path").textValue()).isEqualTo("/p\u00e9");
    }

    @Test
    void keepsNanosecondsAndOmitsDroppedFields() {
        EnforcedEvent event = KafkaTestEvents.minimal(UUID.randomUUID());
        Instant precise = Instant.parse("2026-11-29T12:00:00.123456789Z");
        event = new EnforcedEvent(event.eventId(), precise, precise, "e", event.purpose(), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, 1, 0, false);

        String json = new String(codec.encode(event), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"v\":1,").contains("\"receivedAt\":\"2026-11-29T12:00:00.123456789Z\"")
                .doesNotContain("userKey").doesNotContain("null").doesNotContain("properties");
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).receivedAt()).isEqualTo(precise);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON               | {\"v\":1,\"eventId\":\"secret-user-42 | malformed JSON",
            "an array               | [1,2]                                  | not a JSON object",
            "no version             | {\"eventId\":\"x\"}                   | unsupported schema version",
            "a later version        | {\"v\":2}                             | unsupported schema version",
            "missing id             | {\"v\":1}                             | missing field eventId",
            "id not a UUID          | {\"v\":1,\"eventId\":\"secret-user-42\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventType\":\"t\",\"purpose\":\"analytics\",\"policyVersion\":1,\"consentVersion\":0,\"consented\":true} | invalid value",
            "unknown purpose        | {\"v\":1,\"eventId\":\"0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventType\":\"t\",\"purpose\":\"secret-user-42\",\"policyVersion\":1,\"consentVersion\":0,\"consented\":true} | unknown purpose",
            "version not a number   | {\"v\":1,\"eventId\":\"0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventType\":\"t\",\"purpose\":\"analytics\",\"policyVersion\":\"1\",\"consentVersion\":0,\"consented\":true} | policyVersion",
            "key not a string       | {\"v\":1,\"eventId\":\"0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11\",\"receivedAt\":\"2026-01-01T00:00:00Z\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventType\":\"t\",\"purpose\":\"analytics\",\"userKey\":42,\"policyVersion\":1,\"consentVersion\":0,\"consented\":true} | userKey",
            "bad time               | {\"v\":1,\"eventId\":\"0b6c3f0e-8d4e-4c1a-9d7e-2f1f5a9b7c11\",\"receivedAt\":\"secret-user-42\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventType\":\"t\",\"purpose\":\"analytics\",\"policyVersion\":1,\"consentVersion\":0,\"consented\":true} | invalid value",
    })
    void refusesWhatIsNotAVersionOneEventWithoutQuotingIt(String name, String value, String expected) {
        assertThatThrownBy(() -> codec.decode(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining(expected)
                .message().doesNotContain("secret-user-42");
    }

    @Test
    void refusesEmptyRecords() {
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(UndecodableRecordException.class);
        assertThatThrownBy(() -> codec.decode(new byte[0])).hasMessage("empty record");
    }
}
