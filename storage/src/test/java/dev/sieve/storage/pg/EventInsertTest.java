package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.event.EventProperties;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventInsertTest {

    @Test
    void castsThroughTextWhereADirectBindWouldMisbehave() {
        for (String sql : List.of(EventInsert.ALL_NEW_SQL, EventInsert.SKIP_STORED_SQL, EventInsert.WITHOUT_DEDUPE_SQL)) {
            assertThat(sql).contains("$8::text[]::inet[]").contains("$20::bytea[]").contains("'UTF8')::jsonb");
        }
        assertThat(EventInsert.ALL_NEW_SQL).contains("convert_from(unnest($20::bytea[]), 'UTF8')::jsonb");
        assertThat(EventInsert.SKIP_STORED_SQL).contains("convert_from(input.properties, 'UTF8')::jsonb");
        assertThat(EventInsert.SKIP_STORED_SQL).contains("ORDER BY event_id ON CONFLICT (event_id) DO NOTHING")
                .endsWith("RETURNING event_id");
        assertThat(EventInsert.ALL_NEW_SQL).contains("ORDER BY event_id)").doesNotContain("ON CONFLICT", "RETURNING");
        assertThat(EventInsert.WITHOUT_DEDUPE_SQL).doesNotContain("event_ids");
    }

    @Test
    void unnestsTheArraysInTheSelectListNotAsAFunctionScan() {
        // In FROM, PostgreSQL copies every unnested value into a tuplestore first (see EventInsert).
        for (String sql : List.of(EventInsert.ALL_NEW_SQL, EventInsert.SKIP_STORED_SQL, EventInsert.WITHOUT_DEDUPE_SQL)) {
            assertThat(sql).doesNotContain("FROM unnest").contains("SELECT unnest($1::uuid[])")
                    .contains("unnest($23::bool[])");
        }
    }

    @Test
    void bindsOneTypedArrayPerColumn() {
        var full = TestEvents.full(UUID.randomUUID());
        var minimal = TestEvents.minimal(UUID.randomUUID());

        Tuple tuple = EventInsert.bind(List.of(full, minimal));

        assertThat(tuple.size()).isEqualTo(23);
        assertThat((UUID[]) tuple.getValue(0)).containsExactly(full.eventId(), minimal.eventId());
        assertThat(((OffsetDateTime[]) tuple.getValue(1))[0]).isEqualTo(full.receivedAt().atOffset(ZoneOffset.UTC));
        assertThat((String[]) tuple.getValue(4)).containsExactly("analytics", "diagnostics");
        assertThat((Buffer[]) tuple.getValue(19)).containsExactly(Buffer.buffer(full.properties().toString()), null);
        assertThat((Long[]) tuple.getValue(21)).containsExactly(7L, 0L);
        assertThat((Boolean[]) tuple.getValue(22)).containsExactly(true, false);
    }

    @Test
    void eachColumnGetsItsOwnFieldInTheOrderTheStatementsNameThem() {
        var full = TestEvents.full(UUID.randomUUID());
        Map<String, Object> expected = new HashMap<>();
        expected.put("event_id", full.eventId());
        expected.put("received_at", full.receivedAt().atOffset(ZoneOffset.UTC));
        expected.put("event_time", full.eventTime().atOffset(ZoneOffset.UTC));
        expected.put("event_type", full.eventType());
        expected.put("purpose", full.purpose().wireName());
        expected.put("user_key", full.userKey());
        expected.put("anonymous_key", full.anonymousKey());
        expected.put("ip_network", full.ipNetwork());
        expected.put("ip_key", full.ipKey());
        expected.put("device_key", full.deviceKey());
        expected.put("device_model", full.deviceModel());
        expected.put("device_class", full.deviceClass());
        expected.put("device_manufacturer", full.deviceManufacturer());
        expected.put("device_os", full.deviceOs());
        expected.put("device_os_version", full.deviceOsVersion());
        expected.put("user_agent", full.userAgent());
        expected.put("browser_family", full.browserFamily());
        expected.put("browser_major", full.browserMajor());
        expected.put("os_family", full.osFamily());
        expected.put("properties", Buffer.buffer(full.properties().json()));
        expected.put("policy_version", full.policyVersion());
        expected.put("consent_version", full.consentVersion());
        expected.put("consented", full.consented());
        // Every text field of the test event differs from the others, so a swapped pair fails here.
        assertThat(expected.values().stream().distinct().count()).isEqualTo(expected.size());

        Tuple tuple = EventInsert.bind(List.of(full));

        List<String> names = EventInsert.columnNames();
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (int i = 0; i < names.size(); i++) {
            assertThat(((Object[]) tuple.getValue(i))[0]).as(names.get(i)).isEqualTo(expected.get(names.get(i)));
        }
        assertThat(EventInsert.WITHOUT_DEDUPE_SQL).startsWith("INSERT INTO events (" + String.join(", ", names) + ")");
    }

    @Test
    void rowsOfOneRequestShareTheirReceiveTimeAndKeepTheirOwnWhenItDiffers() {
        var a = TestEvents.full(UUID.randomUUID());
        var b = TestEvents.minimal(UUID.randomUUID());
        var later = new EnforcedEvent(UUID.randomUUID(), a.receivedAt().plusNanos(1000), a.eventTime(), a.eventType(),
                a.purpose(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, 1, 0, false);

        OffsetDateTime[] received = (OffsetDateTime[]) EventInsert.bind(List.of(a, a, later, b)).getValue(1);

        assertThat(received).containsExactly(a.receivedAt().atOffset(ZoneOffset.UTC), a.receivedAt().atOffset(ZoneOffset.UTC),
                later.receivedAt().atOffset(ZoneOffset.UTC), b.receivedAt().atOffset(ZoneOffset.UTC));
    }

    @Test
    void utcIsTheInstantAtOffsetUtcBeforeAndAfterTheEpoch() {
        for (String text : List.of("1969-12-31T23:59:59.999999999Z", "1900-02-28T12:00:00.000000001Z",
                "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.5Z", "2026-11-30T16:02:03.123456789Z",
                "9999-12-31T23:59:59.999999999Z")) {
            Instant instant = Instant.parse(text);

            OffsetDateTime utc = EventInsert.utc(instant);

            assertThat(utc).isEqualTo(instant.atOffset(ZoneOffset.UTC));
            assertThat(utc.toInstant()).isEqualTo(instant);
        }
    }

    @Test
    void bindsPropertiesUtf8AsTheSliceOfTheRequestItCameIn() {
        var full = TestEvents.full(UUID.randomUUID());
        String text = "{\"path\": \"/caf\u00e9\"}";
        byte[] request = ("[{\"properties\": " + text + "}]").getBytes(StandardCharsets.UTF_8);
        int from = "[{\"properties\": ".length();
        var event = new EnforcedEvent(full.eventId(), full.receivedAt(), full.eventTime(), full.eventType(),
                full.purpose(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                EventProperties.ofJsonUtf8(request, from, text.getBytes(StandardCharsets.UTF_8).length), 1, 0, false);

        Tuple tuple = EventInsert.bind(List.of(event));

        assertThat(((Buffer[]) tuple.getValue(19))[0].toString(StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void bindsPropertiesTextAsReceivedInUtf8() {
        var full = TestEvents.full(UUID.randomUUID());
        String text = "{ \"path\" : \"/pricing\\u00e9 \u00e9\u20ac\uD83D\uDE00\" }";
        var event = new EnforcedEvent(full.eventId(), full.receivedAt(), full.eventTime(), full.eventType(),
                full.purpose(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                EventProperties.ofJson(text), 1, 0, false);

        Tuple tuple = EventInsert.bind(List.of(event));

        assertThat(((Buffer[]) tuple.getValue(19))[0].toString(StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
