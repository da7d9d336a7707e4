package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.Sql;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No parameter reaches SQL as text: hostile names are rejected by their pattern (400), hostile
 * values are bound and match nothing, or match exactly the stored text they equal; every table is
 * intact afterwards.
 */
class QueryInjectionIT {
    static final List<String> HOSTILE = List.of("'; DROP TABLE events; --", "x' OR '1'='1", "\\'; SELECT pg_sleep(5); --",
            "$1", "); DELETE FROM events; --", "%' --", "\u2019; DROP TABLE consent_state; --", "properties->>'path'",
            "' UNION SELECT key_hash::text, 1, 1 FROM api_keys --", "*/ TRUNCATE audit_log; /*", "\"; COMMIT; DROP SCHEMA public CASCADE; --");
    static final List<String> TABLES = List.of("events", "event_ids", "consent_subjects", "consent_state",
            "consent_history", "policies", "api_keys", "audit_log", "analyst_scopes", "event_rollups");
    static final Instant D = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    private static final AnalystScope ALL = AnalystScope.unrestricted("0123456789ab");
    private static Vertx vertx;
    private static String uri;
    private static AnalystQueries queries;
    private static EventExport export;

    @BeforeAll
    static void start() {
        uri = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        Pool pool = TestPostgres.pool(vertx, uri, 2);
        queries = new AnalystQueries(pool, QuerySettings.DEFAULTS);
        export = new EventExport(pool, QuerySettings.DEFAULTS);
        StoredRows rows = new StoredRows(uri);
        for (int u = 0; u < 6; u++) { // six users stored a hostile-looking search: it is just text
            rows.add(D.plus(Duration.ofMinutes(u)), "search", "analytics", "u" + u, null,
                    "{\"q\": \"'; DROP TABLE events; --\"}");
        }
        rows.write();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static TimeRange day() {
        return new TimeRange(D, D.plus(Duration.ofDays(1)));
    }

    @Test
    void hostileNamesAreRejectedBeforeAnySql() {
        for (String s : HOSTILE) {
            assertThatThrownBy(() -> Dimension.field(s)).isInstanceOf(SieveException.class);
            assertThatThrownBy(() -> ExportCursor.parse(s)).isInstanceOf(SieveException.class);
            assertThatThrownBy(() -> Grain.fromWire(s)).isInstanceOf(SieveException.class);
            assertThatThrownBy(() -> EventFilter.purpose(s)).isInstanceOf(SieveException.class);
            if (s.equals("$1")) { // a valid property name and event type: just data, see the values test
                continue;
            }
            assertThatThrownBy(() -> PropertyPath.parse(s)).isInstanceOfSatisfying(SieveException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
            assertThatThrownBy(() -> EventFilter.checkType(s)).isInstanceOf(SieveException.class);
        }
        assertIntact();
    }

    @Test
    void hostileValuesAreBoundAsDataEverywhere() {
        for (String value : HOSTILE) {
            EventFilter f = new EventFilter(day(), List.of(), Set.of(), Map.of(PropertyPath.parse("q"), value));
            CountsResult counts = Await.result(queries.counts(new CountsQuery(f, Grain.HOUR), ALL));
            TopResult top = Await.result(queries.top(new TopQuery(f, Dimension.property(PropertyPath.parse("q")), 5), ALL));
            if (value.equals("'; DROP TABLE events; --")) { // equals the stored text: found, as data
                assertThat(counts.buckets()).extracting(BucketCount::events).containsExactly(6L);
                assertThat(top.values()).extracting(ValueCount::value).containsExactly(value);
            } else {
                assertThat(counts.buckets()).isEmpty();
                assertThat(counts.suppressedGroups()).isZero();
                assertThat(top.values()).isEmpty();
            }
            TestSink sink = new TestSink(vertx, 4, true);
            Await.result(export.export(new ExportQuery(f, null, 10), ALL, ExportFormat.CSV, sink, Promise.promise().future()));
        }
        // Names and types that pass their patterns are data too.
        EventFilter dollar = new EventFilter(day(), List.of(), Set.of(), Map.of(PropertyPath.parse("$1"), "$1"));
        assertThat(Await.result(queries.counts(new CountsQuery(dollar, Grain.DAY), ALL)).buckets()).isEmpty();
        EventFilter types = new EventFilter(day(), List.of("search OR true", "search --", "$1"), Set.of(), Map.of());
        assertThat(Await.result(queries.counts(new CountsQuery(types, Grain.DAY), ALL)).buckets()).isEmpty();
        FunnelResult funnel = Await.result(queries.funnel(new FunnelQuery(EventFilter.of(day()),
                List.of("search", "search OR 1 --"), Duration.ofHours(1)), ALL));
        assertThat(funnel.steps()).extracting(FunnelStep::users).containsExactly(6L, 0L);
        assertIntact();
    }

    @Test
    void storedHostileTextIsEscapedInExports() {
        TestSink json = new TestSink(vertx, 4, true);
        Await.result(export.export(new ExportQuery(EventFilter.of(day()), null, 1), ALL, ExportFormat.NDJSON, json,
                Promise.promise().future()));
        assertThat(json.text()).contains("\"properties\":{\"q\": \"'; DROP TABLE events; --\"}");
        TestSink csv = new TestSink(vertx, 4, true);
        Await.result(export.export(new ExportQuery(EventFilter.of(day()), null, 1), ALL, ExportFormat.CSV, csv,
                Promise.promise().future()));
        assertThat(csv.text()).contains(",\"{\"\"q\"\": \"\"'; DROP TABLE events; --\"\"}\",");
    }

    private static void assertIntact() {
        for (String table : TABLES) {
            assertThat(Sql.value(uri, "SELECT to_regclass(?)::text", table)).as(table).isEqualTo(table);
        }
        assertThat(((Number) Sql.value(uri, "SELECT count(*) FROM events")).longValue()).isEqualTo(6);
        assertThat(((Number) Sql.value(uri, "SELECT count(*) FROM policies")).longValue()).isGreaterThanOrEqualTo(0);
    }
}
