package dev.sieve.storage.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.event.EventProperties;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventRowsIT {
    private static Vertx vertx;
    private static String uri;
    private static Pool pool;
    private static EventRows rows;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        uri = TestPostgres.freshDatabase();
        pool = TestPostgres.pool(vertx, uri, 2);
        rows = new EventRows(pool);
    }

    @AfterAll
    static void stop() {
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    private static void store(EnforcedEvent... events) {
        GroupCommitWriter writer = new GroupCommitWriter(vertx, pool, WriterSettings.DEFAULTS, WriterObserver.NONE);
        Await.result(writer.write(List.of(events)));
    }

    @Test
    void findsAStoredRowWithEveryColumn() {
        EnforcedEvent full = TestEvents.full(UUID.randomUUID());
        EnforcedEvent minimal = TestEvents.minimal(UUID.randomUUID());
        store(full, minimal);

        StoredEvent found = Await.result(rows.find(full.eventId())).orElseThrow();

        assertThat(found.eventId()).isEqualTo(full.eventId());
        assertThat(found.receivedAt()).isEqualTo(full.receivedAt());
        assertThat(found.eventTime()).isEqualTo(full.eventTime());
        assertThat(found.purpose()).isEqualTo(Purpose.ANALYTICS);
        assertThat(found.ipNetwork()).isEqualTo("203.0.113.0");
        assertThat(found.properties()).isEqualTo(full.properties().tree());
        assertThat(found).extracting(StoredEvent::userKey, StoredEvent::deviceKey, StoredEvent::browserFamily,
                        StoredEvent::policyVersion, StoredEvent::consentVersion, StoredEvent::consented)
                .containsExactly("k1:user-key", "k1:device-key", "Chrome", 3L, 7L, true);
        assertThat(found.presentColumns()).hasSize(EventRows.OPTIONAL_COLUMNS.size());

        StoredEvent sparse = Await.result(rows.find(minimal.eventId())).orElseThrow();
        assertThat(sparse.presentColumns()).isEmpty();
        assertThat(sparse.consented()).isFalse();
        assertThat(sparse.toString()).doesNotContain("k1:");
    }

    /**
     * Properties kept as the client's JSON text are stored as the same JSON value the tree would be,
     * whether held as a string or as a slice of the request's UTF-8 bytes.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void storesPropertiesTextAsTheValueItMeans(boolean asRequestBytes) {
        String text = "{ \"path\" : \"/p\\u00e9\\/x\", \"n\": 12345678901234567890,\n \"f\": 19.99,"
                + " \"a\": [true, null, {\"b\": -1.5}], \"u\": \"\u00e9\u20ac\uD83D\uDE00\", \"s\": \"\\\"q\\\" \\ud83d\\ude00\" }";
        byte[] request = ("[{\"properties\": " + text + "}]").getBytes(StandardCharsets.UTF_8);
        int from = "[{\"properties\": ".length();
        EventProperties properties = asRequestBytes
                ? EventProperties.ofJsonUtf8(request, from, text.getBytes(StandardCharsets.UTF_8).length)
                : EventProperties.ofJson(text);
        EnforcedEvent base = TestEvents.full(UUID.randomUUID());
        EnforcedEvent event = new EnforcedEvent(base.eventId(), base.receivedAt(), base.eventTime(), base.eventType(),
                base.purpose(), base.userKey(), base.anonymousKey(), base.ipNetwork(), base.ipKey(), base.deviceKey(),
                base.deviceModel(), base.deviceClass(), base.deviceManufacturer(), base.deviceOs(),
                base.deviceOsVersion(), base.userAgent(), base.browserFamily(), base.browserMajor(), base.osFamily(),
                properties, base.policyVersion(), base.consentVersion(), base.consented());
        store(event);
        store(event); // a retry: stored once, its second statement binds the same bytes again

        StoredEvent found = Await.result(rows.find(event.eventId())).orElseThrow();

        assertThat(Sql.value(uri, "SELECT count(*) FROM events WHERE event_id = ?", event.eventId())).isEqualTo(1L);
        assertThat(found.properties()).isEqualTo(properties.tree());
        assertThat(found.properties().get("s").textValue()).isEqualTo("\"q\" \uD83D\uDE00");
        assertThat(found.properties().get("path").textValue()).isEqualTo("/p\u00e9/x");
        assertThat(found.properties().get("u").textValue()).isEqualTo("\u00e9\u20ac\uD83D\uDE00");
    }

    @Test
    void anUnknownIdIsEmpty() {
        assertThat(Await.result(rows.find(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void aRowStoredBeforeConsentedWasRecordedHasItNull() {
        EnforcedEvent event = TestEvents.minimal(UUID.randomUUID());
        store(event);
        Sql.execute(uri, "UPDATE events SET consented = NULL WHERE event_id = ?", event.eventId());

        StoredEvent found = Await.result(rows.find(event.eventId())).orElseThrow();

        assertThat(found.consented()).isNull();
    }

    @Test
    void onlyThePartitionOfItsReceiveTimeIsScanned() {
        EnforcedEvent event = TestEvents.full(UUID.randomUUID());
        store(event);
        int partitions = ((Number) Sql.value(uri, "SELECT count(*) FROM pg_inherits"
                + " WHERE inhparent = 'events'::regclass")).intValue();

        String plan = Sql.rows(uri, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                        + EventRows.FIND.replace("$1", "'" + event.eventId() + "'::uuid")).stream()
                .map(row -> (String) row.values().iterator().next()).collect(Collectors.joining("\n"));

        assertThat(partitions).isGreaterThan(3);
        long scanned = plan.lines().filter(line -> line.contains("on events_") && !line.contains("never executed"))
                .count();
        assertThat(scanned).as(plan).isEqualTo(1);
    }
}
