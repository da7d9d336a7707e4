package dev.sieve.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.EnforcementOutcome;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.consent.ConsentState;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.consent.UserConsent;
import dev.sieve.enforcement.event.Device;
import dev.sieve.enforcement.event.Event;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.Policy;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.storage.kafka.testing.RawTopic;
import dev.sieve.storage.testing.Await;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The promise, read off the broker: events with distinctive raw identifiers are enforced by the
 * real enforcer under the default policy, with and without consent, and produced; then the topic
 * is read raw, and no record (key, value or header) holds a raw IP, user id, anonymous id or device id.
 */
class TopicPrivacyIT {
    private static final int EVENTS = 400;
    private static final Purpose[] PURPOSES = {Purpose.ANALYTICS, Purpose.DIAGNOSTICS, Purpose.SECURITY, Purpose.MARKETING};

    @Test
    void noRawIdentifierIsOnTheTopic() {
        KafkaSettings settings = TestTopics.fresh(3);
        Enforcer enforcer = new Enforcer(new Pseudonymizer(new PseudonymKey("k1",
                "topic-privacy-test-secret-32-byt".getBytes(StandardCharsets.US_ASCII))), new UserAgentGeneralizer());
        Policy policy = DefaultPolicy.create();
        List<String> raw = new ArrayList<>();
        List<EnforcedEvent> enforced = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Event event = rawEvent(i);
            raw.addAll(List.of(event.userId(), event.anonymousId(), event.device().id(), event.ip()));
            if (event.ip().contains(":")) {
                raw.add(event.ip().replace("::", ":0:0:0:0:")); // the uncompressed spelling too
            }
            EnforcementOutcome outcome = enforcer.apply(event, consent(event.userId(), i % 2 == 0), policy);
            if (!outcome.isDropped()) {
                enforced.add(outcome.event());
            }
        }
        Vertx vertx = Vertx.vertx();
        try (EventProducer producer = EventProducer.start(settings)) {
            Await.result(producer.sink(vertx).write(enforced));
        } finally {
            Await.result(vertx.close());
        }

        List<ConsumerRecord<byte[], byte[]>> records = RawTopic.readAll(settings.bootstrapServers(), settings.topic());

        assertThat(records).hasSize(enforced.size()).hasSizeGreaterThan(EVENTS / 2);
        StringBuilder everything = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            everything.append(new String(record.key(), StandardCharsets.UTF_8)).append('\n')
                    .append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
            for (Header header : record.headers()) {
                everything.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        String topic = everything.toString();
        // guard against a vacuous pass: the enforced forms are there
        assertThat(topic).contains("\"userKey\":\"k1:", "\"deviceKey\":\"k1:", "\"ipNetwork\":\"198.51.100.0\"",
                "\"ipNetwork\":\"2001:db8:77:0:0:0:0:0\"");
        for (String value : raw) {
            assertThat(topic).as("raw identifier on the topic").doesNotContain(value);
        }
    }

    private static Event rawEvent(int i) {
        String ip = i % 3 == 0 ? "2001:db8:77::" + Integer.toHexString(0x1000 + i) : "198.51.100." + (1 + i % 250);
        Device device = new Device("raw-device-" + i + "-zq7", "Pixel 8", "Google", "Android", "15");
        return new Event(UUID.randomUUID(), "page_view", "raw-user-" + i + "-zq7", "raw-anon-" + i + "-zq7",
                Instant.now(), Instant.now(), PURPOSES[i % PURPOSES.length], ip,
                "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
                device, JsonNodeFactory.instance.objectNode().put("path", "/pricing"), Map.of());
    }

    private static UserConsent consent(String subject, boolean granted) {
        if (!granted) {
            return UserConsent.unknown(subject);
        }
        Map<Purpose, ConsentState> states = new EnumMap<>(Purpose.class);
        for (Purpose purpose : Purpose.values()) {
            states.put(purpose, ConsentState.GRANTED);
        }
        return new UserConsent(subject, states, 3);
    }
}
