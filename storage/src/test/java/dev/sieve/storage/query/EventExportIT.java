package dev.sieve.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exports of known rows, exactly as stored, in both formats; keyset pages; scopes; a stuck reader. */
class EventExportIT {
    static final Instant E = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3)).plus(Duration.ofHours(8));
    static final UUID ID1 = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID ID2 = UUID.fromString("00000000-0000-4000-8000-000000000002");
    static final UUID ID3 = UUID.fromString("00000000-0000-4000-8000-000000000003");
    private static final AnalystScope ALL = AnalystScope.unrestricted("0123456789ab");
    private static Vertx vertx;
    private static Pool pool;
    private static EventExport export;

    @BeforeAll
    static void start() {
        String uri = TestPostgres.freshDatabase();
        vertx = Vertx.vertx();
        pool = TestPostgres.pool(vertx, uri, 1);
        export = new EventExport(pool, QuerySettings.DEFAULTS);
        new StoredRows(uri)
                .add(ID1, E.plusSeconds(1), E, "page_view", "analytics", "k1:abc", "k1:def",
                        "{\"path\": \"/a, \\\"b\\\"\"}", "=HYPERLINK(\"x\")")
                .add(ID3, E.plusSeconds(2), E, "error", "diagnostics", "k1:u3", null, "{\"code\": 1}", null)
                .add(ID2, E.plusSeconds(2), E, "purchase", "marketing", null, "k1:anon2", null, null)
                .write();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static ExportQuery page(ExportCursor after, int limit) {
        return new ExportQuery(EventFilter.of(new TimeRange(E.minus(Duration.ofHours(1)), E.plus(Duration.ofHours(1)))),
                after, limit);
    }

    private static String run(ExportQuery query, AnalystScope scope, ExportFormat format) {
        TestSink sink = new TestSink(vertx, 2, true);
        Await.result(export.export(query, scope, format, sink, Promise.promise().future()));
        return sink.text();
    }

    @Test
    void ndjsonHoldsExactlyTheStoredFieldsInKeysetOrder() {
        String out = run(page(null, 100), ALL, ExportFormat.NDJSON);
        assertThat(out.split("\n")).containsExactly(
                "{\"eventId\":\"" + ID1 + "\",\"receivedAt\":\"" + E.plusSeconds(1) + "\",\"eventTime\":\"" + E
                        + "\",\"type\":\"page_view\",\"purpose\":\"analytics\",\"userKey\":\"k1:abc\","
                        + "\"anonymousKey\":\"k1:def\",\"deviceModel\":\"=HYPERLINK(\\\"x\\\")\",\"browserFamily\":"
                        + "\"Firefox\",\"properties\":{\"path\": \"/a, \\\"b\\\"\"},\"policyVersion\":1,"
                        + "\"consentVersion\":1,\"consented\":true}",
                "{\"eventId\":\"" + ID2 + "\",\"receivedAt\":\"" + E.plusSeconds(2) + "\",\"eventTime\":\"" + E
                        + "\",\"type\":\"purchase\",\"purpose\":\"marketing\",\"anonymousKey\":\"k1:anon2\","
                        + "\"browserFamily\":\"Firefox\",\"policyVersion\":1,\"consentVersion\":1,\"consented\":true}",
                "{\"eventId\":\"" + ID3 + "\",\"receivedAt\":\"" + E.plusSeconds(2) + "\",\"eventTime\":\"" + E
                        + "\",\"type\":\"error\",\"purpose\":\"diagnostics\",\"userKey\":\"k1:u3\","
                        + "\"browserFamily\":\"Firefox\",\"properties\":{\"code\": 1},\"policyVersion\":1,"
                        + "\"consentVersion\":1,\"consented\":true}");
    }

    @Test
    void csvQuotesAndDefusesSpreadsheetFormulas() {
        String out = run(page(null, 1), ALL, ExportFormat.CSV);
        assertThat(out).isEqualTo(String.join(",", ExportEncoder.NAMES) + "\r\n"
                + ID1 + "," + E.plusSeconds(1) + "," + E + ",page_view,analytics,k1:abc,k1:def,,,,"
                + "\"'=HYPERLINK(\"\"x\"\")\",,,,,,Firefox,,,\"{\"\"path\"\": \"\"/a, \\\"\"b\\\"\"\"\"}\",1,1,true\r\n");
        String none = run(new ExportQuery(EventFilter.of(new TimeRange(E.minus(Duration.ofDays(1)), E.minus(Duration.ofHours(1)))),
                null, 10), ALL, ExportFormat.CSV);
        assertThat(none).isEqualTo(String.join(",", ExportEncoder.NAMES) + "\r\n");
    }

    @Test
    void keysetPagesReturnEveryRowOnceEvenWithTheSameReceiveTime() {
        TestSink sink = new TestSink(vertx, 2, true);
        ExportSummary first = Await.result(export.export(page(null, 2), ALL, ExportFormat.NDJSON, sink,
                Promise.promise().future()));
        assertThat(first.rows()).isEqualTo(2);
        assertThat(first.full()).isTrue();
        assertThat(first.last()).isEqualTo(new ExportCursor(E.plusSeconds(2), ID2));
        assertThat(first.last().toString()).isEqualTo(E.plusSeconds(2) + "," + ID2);

        ExportCursor parsed = ExportCursor.parse(first.last().toString());
        String second = run(page(parsed, 2), ALL, ExportFormat.NDJSON);
        assertThat(second.split("\n")).hasSize(1).allMatch(line -> line.contains(ID3.toString()));
        ExportSummary last = Await.result(export.export(page(new ExportCursor(E.plusSeconds(2), ID3), 2), ALL,
                ExportFormat.NDJSON, new TestSink(vertx, 2, true), Promise.promise().future()));
        assertThat(last.rows()).isZero();
        assertThat(last.full()).isFalse();
        assertThat(last.last()).isNull();
    }

    @Test
    void exportsHoldOnlyThePurposesTheKeyMayRead() {
        AnalystScope analytics = new AnalystScope("0123456789ab", EnumSet.of(Purpose.ANALYTICS, Purpose.DIAGNOSTICS), 5);
        String out = run(page(null, 100), analytics, ExportFormat.NDJSON);
        assertThat(out).contains(ID1.toString(), ID3.toString()).doesNotContain(ID2.toString(), "marketing");

        ExportQuery marketing = new ExportQuery(new EventFilter(page(null, 1).filter().range(), List.of(),
                Set.of(Purpose.MARKETING), Map.of()), null, 10);
        Throwable denied = Await.failure(export.export(marketing, analytics, ExportFormat.NDJSON,
                new TestSink(vertx, 2, true), Promise.promise().future()));
        assertThat(SieveException.codeOf(denied)).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void aStuckReaderIsCancelledAndTheConnectionComesBack() {
        Promise<Void> gone = Promise.promise();
        TestSink stuck = TestSink.stuck(vertx);
        EventExport tiny = new EventExport(pool, new QuerySettings(Duration.ofSeconds(30), 1024, 1), 1);
        // One-byte chunks would be silly in production; here they make the first row fill the queue.
        var running = tiny.export(page(null, 100), ALL, ExportFormat.NDJSON, stuck, gone.future());
        vertx.setTimer(200, t -> gone.complete());
        Throwable failure = Await.failure(running);
        assertThat(failure).isInstanceOf(SieveException.class);
        // The pool has one connection: it was released.
        assertThat(run(page(null, 100), ALL, ExportFormat.NDJSON).split("\n")).hasSize(3);
    }
}
