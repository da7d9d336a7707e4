package dev.sieve.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.boot.SieveServer;
import dev.sieve.ingest.config.ConfigLoader;
import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.FreePort;
import dev.sieve.ingest.testing.Http;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole service in process against a real PostgreSQL, asserting on rows in the database. */
class IngestIT {
    private static final String WRITER = "it-writer-key-0123456789";
    private static final String CONSENT = "it-consent-key-0123456789";
    private static final String RAW_IP = "198.51.100.201";
    private static final String RAW_IP6 = "2001:db8:85a3:1234:5678:8a2e:370:7334";
    private static final String RAW_DEVICE = "device-raw-7c2e11f0aa";
    private static SieveServer server;
    private static Db db;
    private static Http http;

    @BeforeAll
    static void start() {
        String pg = TestPostgres.freshDatabase();
        int port = FreePort.find();
        server = SieveServer.start(ConfigLoader.load(Map.of(
                "SIEVE_PG_URL", pg,
                "SIEVE_HTTP_PORT", Integer.toString(port),
                "SIEVE_HTTP_HOST", "127.0.0.1",
                "SIEVE_EVENT_LOOPS", "2",
                "SIEVE_WRITER_KEY", WRITER,
                "SIEVE_CONSENT_KEY", CONSENT,
                "SIEVE_PSEUDONYM_KEY", Base64.getEncoder().encodeToString(new byte[32])), new String[0]));
        db = new Db(pg);
        http = new Http("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonObject event(UUID id, String user, String ip) {
        return new JsonObject().put("id", id.toString()).put("type", "page_view").put("userId", user)
                .put("ip", ip).put("userAgent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .put("device", new JsonObject().put("id", RAW_DEVICE).put("model", "Pixel 8"))
                .put("properties", new JsonObject().put("path", "/pricing").put("n", 3));
    }

    private static HttpResponse<String> post(Object body) {
        return http.post("/v1/events", WRITER, "application/json", body.toString());
    }

    @Test
    void withoutConsentNoRawIpOrDeviceIdIsStored() {
        UUID v4 = UUID.randomUUID();
        UUID v6 = UUID.randomUUID();
        String user = "no-consent-user-" + UUID.randomUUID();
        HttpResponse<String> r = post(new JsonArray().add(event(v4, user, RAW_IP)).add(event(v6, user, RAW_IP6)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        List<Map<String, Object>> rows = db.rows("SELECT * FROM events WHERE event_id IN (?, ?)", v4, v6);
        assertThat(rows).hasSize(2);
        for (Map<String, Object> row : rows) {
            assertThat(row.get("ip_network")).isNull();
            assertThat(row.get("ip_key")).isNull();
            assertThat(row.get("device_key")).isNull();
            assertThat((String) row.get("user_key")).startsWith("k1:");
            assertThat(row.get("device_class")).isEqualTo("phone");
            assertThat(row.get("browser_family")).isEqualTo("Firefox");
            assertThat(row.get("policy_version")).isEqualTo(1L);
            assertThat(row.get("consent_version")).isEqualTo(0L);
            assertThat(row.toString()).doesNotContain(RAW_IP, RAW_IP6, RAW_DEVICE, user);
        }
        assertThat(db.count("SELECT count(*) FROM events WHERE jsonb_typeof(properties) = 'object' AND event_id = ?", v4))
                .isEqualTo(1);
    }

    @Test
    void withConsentTheIpIsTruncatedAndTheDevicePseudonymised() {
        String user = "consenting-user-" + UUID.randomUUID();
        HttpResponse<String> put = http.put("/v1/consent/" + user, CONSENT, "{\"analytics\": true}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long version = new JsonObject(put.body()).getLong("version");

        UUID v4 = UUID.randomUUID();
        UUID v6 = UUID.randomUUID();
        assertThat(post(new JsonArray().add(event(v4, user, RAW_IP)).add(event(v6, user, RAW_IP6))).statusCode())
                .isEqualTo(200);

        Map<String, Object> row4 = db.rows("SELECT * FROM events WHERE event_id = ?", v4).get(0);
        Map<String, Object> row6 = db.rows("SELECT * FROM events WHERE event_id = ?", v6).get(0);
        assertThat(row4.get("ip_network")).isEqualTo("198.51.100.0");
        assertThat(row6.get("ip_network")).isEqualTo("2001:db8:85a3::");
        assertThat((String) row4.get("device_key")).startsWith("k1:").doesNotContain(RAW_DEVICE);
        assertThat(row4.get("consent_version")).isEqualTo(version);
    }

    @Test
    void aWithdrawalIsHonouredByTheNextEvent() {
        String user = "withdrawing-user-" + UUID.randomUUID();
        http.put("/v1/consent/" + user, CONSENT, "{\"analytics\": true}");
        UUID before = UUID.randomUUID();
        post(event(before, user, RAW_IP));
        http.put("/v1/consent/" + user, CONSENT, "{\"analytics\": false}");
        UUID after = UUID.randomUUID();
        post(event(after, user, RAW_IP));

        assertThat(db.rows("SELECT ip_network FROM events WHERE event_id = ?", before).get(0).get("ip_network"))
                .isEqualTo("198.51.100.0");
        assertThat(db.rows("SELECT ip_network FROM events WHERE event_id = ?", after).get(0).get("ip_network"))
                .isNull();
    }

    @Test
    void nobodyConsentsForAnIdManyVisitorsShare() {
        for (String shared : List.of("$anonymous", "$posthog_cookieless")) {
            HttpResponse<String> put = http.put("/v1/consent/" + shared, CONSENT, "{\"analytics\": true}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
            assertThat(put.body()).contains("shared by many visitors");
        }
        HttpResponse<String> imported = http.post("/v1/consent-imports", CONSENT, "application/x-ndjson",
                "{\"userId\":\"$anonymous\",\"analytics\":true}\n{\"userId\":\"shared-ok-" + UUID.randomUUID()
                        + "\",\"analytics\":true}\n");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(new JsonObject(imported.body()).getInteger("imported")).isEqualTo(1);
        assertThat(new JsonObject(imported.body()).getJsonArray("rejected").getJsonObject(0).getInteger("line")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM consent_subjects WHERE subject_id = '$anonymous'")).isZero();

        // A grant written before this rule existed (straight into the table) is not applied either.
        db.execute("INSERT INTO consent_subjects (subject_id, version) VALUES ('$posthog_cookieless', 1);"
                + " INSERT INTO consent_state (subject_id, purpose, state, version, source)"
                + " VALUES ('$posthog_cookieless', 'analytics', 'granted', 1, 'api')");
        UUID id = UUID.randomUUID();
        JsonObject cookieless = event(id, "x", RAW_IP);
        cookieless.remove("userId");
        cookieless.put("anonymousId", "$posthog_cookieless");
        HttpResponse<String> r = post(cookieless);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> row = db.rows("SELECT ip_network, device_key, consent_version FROM events WHERE event_id = ?", id).get(0);
        assertThat(row.get("ip_network")).isNull();
        assertThat(row.get("device_key")).isNull();
        assertThat(row.get("consent_version")).isEqualTo(0L);
    }

    @Test
    void aRetriedBatchIsStoredOnce() {
        String user = "retry-user-" + UUID.randomUUID();
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 50; i++) {
            batch.add(event(UUID.randomUUID(), user, RAW_IP));
        }
        JsonObject first = new JsonObject(post(batch).body());
        JsonObject second = new JsonObject(post(batch).body());

        assertThat(first.getInteger("stored")).isEqualTo(50);
        assertThat(second.getInteger("stored")).isZero();
        assertThat(second.getInteger("duplicates")).isEqualTo(50);
        assertThat(db.count("SELECT count(*) FROM events WHERE event_id = ANY(?::uuid[])",
                (Object) batch.stream().map(e -> ((JsonObject) e).getString("id")).toArray(String[]::new)))
                .isEqualTo(50);
    }

    @Test
    void aBatchWithOneBadEventStoresTheOthersAndNamesTheIndex() {
        String user = "mixed-user-" + UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        JsonObject bad = event(UUID.randomUUID(), user, RAW_IP).put("timestamp", "yesterday-ish");
        HttpResponse<String> r = post(new JsonArray().add(event(a, user, RAW_IP)).add(bad).add(event(c, user, RAW_IP)));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject receipt = new JsonObject(r.body());
        assertThat(receipt.getInteger("stored")).isEqualTo(2);
        assertThat(receipt.getJsonArray("rejected").getJsonObject(0).getInteger("index")).isEqualTo(1);
        assertThat(receipt.getJsonArray("rejected").getJsonObject(0).getString("code")).isEqualTo("bad_timestamp");
        assertThat(r.body()).doesNotContain(user, RAW_IP, RAW_DEVICE);
        assertThat(db.count("SELECT count(*) FROM events WHERE event_id IN (?, ?)", a, c)).isEqualTo(2);
    }

    @Test
    void marketingWithoutConsentIsDroppedWholeAndCounted() {
        UUID id = UUID.randomUUID();
        HttpResponse<String> r = post(event(id, "mk-" + UUID.randomUUID(), RAW_IP).put("purpose", "marketing"));
        JsonObject receipt = new JsonObject(r.body());
        assertThat(receipt.getJsonObject("dropped").getInteger("no_consent_for_purpose")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM events WHERE event_id = ?", id)).isZero();
    }

    @Test
    void readyWhenTheDatabaseAnswersAndAPolicyIsLoaded() {
        HttpResponse<String> r = http.get("/health/ready");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("checks").getString("policy")).isEqualTo("up");
        assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsShowRequestsByStatusAndTheWriter() {
        JsonObject event = event(UUID.randomUUID(), "metrics-user", RAW_IP);
        post(event);
        post(event);
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("vertx_http_server_requests_total", "code=\"200\"",
                "sieve_events_total", "sieve_writer_batch_rows", "sieve_writer_commit_seconds",
                "sieve_writer_queued_rows");
        // The service's own time per request, as a histogram a p99 can be computed from.
        assertThat(metrics).containsPattern(
                "vertx_http_server_response_time_seconds_bucket\\{[^}]*route=\"[^\"]*/v1/events\"[^}]*le=\"\\+Inf\"} [1-9]");
        // The retry's batch held a stored id: the writer sent it again, skipping stored ids.
        assertThat(metrics.lines().filter(line -> line.startsWith("sieve_writer_batches_sent_twice_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum())
                .isGreaterThanOrEqualTo(1.0);
        // Every connection pool has meters of its own (they would collapse into one without names).
        assertThat(metrics).contains("vertx_pool_in_use{pool_name=\"control\",pool_type=\"sql\"}",
                "pool_name=\"events-", "pool_name=\"query\"", "pool_name=\"rights\"");
        // And so does every pool's SQL client; the gauges Vert.x registers once per connection are left out.
        assertThat(metrics).contains("vertx_sql_processing_time_seconds_count{client_namespace=\"control\"}",
                "vertx_sql_processing_time_seconds_count{client_namespace=\"events-")
                .doesNotContain("vertx_http_server_active_connections", "vertx_sql_processing_pending");
    }
}
