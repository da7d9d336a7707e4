package dev.sieve.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.event.Event;
import dev.sieve.ingest.decode.DecodeLimits;
import dev.sieve.ingest.decode.DecodedBatch;
import dev.sieve.ingest.decode.EventDecoder;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The generator's events are valid for the service's own decoder and as realistic as the issue asks. */
class SyntheticEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final EventDecoder decoder = EventDecoder.withDefaults();

    @Test
    void everyBatchDecodesWithoutRejectionsAndKeepsItsIds() {
        List<EventTemplate> templates = SyntheticEvents.templates(1, 257, 3000, TemplateMix.MIXED_CONSENT, NOW);
        RequestBodies bodies = new RequestBodies(templates, new EventIds(9), 100, false);
        for (long r = 0; r < 5; r++) {
            DecodedBatch batch = decoder.decode(bodies.body(r).getBytes(), "application/json", null, "127.0.0.1",
                    NOW.plusSeconds(1));
            assertThat(batch.rejections()).isEmpty();
            assertThat(batch.events()).hasSize(100);
            for (int i = 0; i < 100; i++) {
                assertThat(EventIds.counterOf(batch.events().get(i).event().id())).isEqualTo(r * 100 + i);
            }
        }
    }

    @Test
    void singleEventBodiesAreBareObjects() {
        RequestBodies bodies = new RequestBodies(
                SyntheticEvents.templates(2, 11, 30, TemplateMix.GRANTED, NOW), new EventIds(3), 1, false);
        String body = bodies.body(4).toString();
        assertThat(body).startsWith("{\"id\":\"");
        assertThat(decoder.decode(body.getBytes(), "application/json", null, null, NOW).events()).hasSize(1);
    }

    @Test
    void eventsLookRealistic() {
        List<EventTemplate> templates = SyntheticEvents.templates(3, 1000, 30_000, TemplateMix.GRANTED, NOW);
        RequestBodies bodies = new RequestBodies(templates, new EventIds(4), 1000, false);
        byte[] body = bodies.body(0).getBytes();
        // Why the suite raises the service's body limit: 1,000 such events do not fit in 512 KiB.
        assertThat(body.length).isBetween(600_000, 900_000);
        EventDecoder large = new EventDecoder(new DecodeLimits(1 << 20, 32 * 1024, 2_500, 8, 8 * 1024),
                EventDecoder.DEFAULT_TYPE_PURPOSES, UUID::randomUUID);
        List<Event> events = large.decode(body, "application/json", null, null, NOW).events()
                .stream().map(e -> e.event()).toList();
        double propertiesBytes = events.stream().mapToInt(e -> e.properties().toString().length()).average()
                .orElse(0);
        assertThat(propertiesBytes).as("mean properties size").isBetween(350.0, 480.0);
        assertThat(events).anyMatch(e -> e.ip().contains(":")).anyMatch(e -> e.ip().contains("."));
        Set<String> users = new HashSet<>();
        Set<String> agents = new HashSet<>();
        events.forEach(e -> {
            users.add(e.userId());
            agents.add(e.userAgent());
        });
        assertThat(users.size()).isGreaterThan(900);
        assertThat(agents.size()).isGreaterThan(20);
        assertThat(templates).allMatch(EventTemplate::stored);
    }

    @Test
    void mixedConsentDropsOnlyMarketingOfUsersWithoutConsent() {
        List<EventTemplate> templates = SyntheticEvents.templates(4, 3000, 3000, TemplateMix.MIXED_CONSENT, NOW);
        long dropped = templates.stream().filter(t -> !t.stored()).count();
        // a fifth are marketing events, two thirds of their users have not granted it
        assertThat(dropped).isBetween(300L, 500L);
        RequestBodies bodies = new RequestBodies(templates, new EventIds(5), 100, false);
        int expected = 0;
        for (int i = 0; i < 100; i++) {
            expected += templates.get(i).stored() ? 1 : 0;
        }
        assertThat(bodies.storedEvents(0)).isEqualTo(expected);
    }

    @Test
    void gzipBodiesInflateToThePlainOnes() throws IOException {
        List<EventTemplate> templates = SyntheticEvents.templates(5, 101, 300, TemplateMix.GRANTED, NOW);
        RequestBodies plain = new RequestBodies(templates, new EventIds(6), 10, false);
        RequestBodies gzip = new RequestBodies(templates, new EventIds(6), 10, true);
        gzip.prepareGzip(3);
        assertThat(gzip.limit()).isEqualTo(3);
        Buffer compressed = gzip.body(2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.getBytes()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body(2).getBytes());
        }
    }
}
