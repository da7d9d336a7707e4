package dev.sieve.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.testing.Db;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The analyst API over HTTP with exact answers: auth, counts with suppression, top-N, funnel,
 * retention, clear 400s for bad queries, injection attempts, streamed export pages with the next
 * cursor in a trailer, and the privacy team's per-key scopes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryApiIT {
    static final Instant D = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5));
    static final String DAY = "from=" + D + "&to=" + D.plus(Duration.ofDays(1));
    private static AnalystApp app;
    private static Db db;

    @BeforeAll
    static void start() throws Exception {
        app = new AnalystApp();
        db = new Db(app.pgUri);
        db.execute("SELECT sieve_ensure_partitions(6, 7)");
        insert(6, 10, "page_view", "analytics", "/pricing"); // 6 users at 10:00
        insert(3, 11, "page_view", "analytics", "/blog");    // 3 of them again at 11:00: below k
        insert(5, 12, "purchase", "marketing", "/checkout");  // 5 users at 12:00
    }

    private static void insert(int users, int hour, String type, String purpose, String path) {
        db.execute("INSERT INTO events (event_id, received_at, event_time, event_type, purpose, user_key, properties,"
                + " policy_version, consent_version, consented) SELECT gen_random_uuid(), timestamptz '" + D + "' + interval '"
                + hour + " hours' + g * interval '1 second', timestamptz '" + D + "' + interval '" + hour + " hours', '" + type
                + "', '" + purpose + "', 'k1:" + type + "-' || g, jsonb_build_object('path', '" + path + "'), 1, 1, true"
                + " FROM generate_series(1, " + users + ") g");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void problem(AnalystApp.Reply r, int status, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    @Test
    @Order(1)
    void onlyAnalystKeysMayQuery() {
        problem(app.get("/v1/query/counts?bucket=hour&" + DAY, null), 401, "Bearer");
        problem(app.get("/v1/query/counts?bucket=hour&" + DAY, AnalystApp.WRITER), 403, "role");
        problem(app.get("/v1/export?" + DAY, AnalystApp.ADMIN), 403, "role");
        problem(app.get("/v1/analyst-scopes", AnalystApp.ANALYST), 403, "role");
    }

    @Test
    @Order(2)
    void countsPerHourSuppressSmallGroups() {
        AnalystApp.Reply r = app.get("/v1/query/counts?bucket=hour&" + DAY, AnalystApp.ANALYST);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("bucket", "hour").put("minGroupUsers", 5)
                .put("suppressedGroups", 1).put("rollupBuckets", 0).put("buckets", new JsonArray()
                        .add(new JsonObject().put("start", D.plus(Duration.ofHours(10)).toString()).put("events", 6).put("users", 6))
                        .add(new JsonObject().put("start", D.plus(Duration.ofHours(12)).toString()).put("events", 5).put("users", 5))));
        JsonObject pricing = new JsonObject(app.get("/v1/query/counts?bucket=day&" + DAY + "&type=page_view,purchase"
                + "&property.path=%2Fpricing", AnalystApp.ANALYST).body());
        assertThat(pricing.getJsonArray("buckets")).containsExactly(new JsonObject().put("start", D.toString())
                .put("events", 6).put("users", 6));
    }

    @Test
    @Order(3)
    void topFunnelAndRetention() {
        JsonObject top = new JsonObject(app.get("/v1/query/top?property=path&limit=5&" + DAY, AnalystApp.ANALYST).body());
        assertThat(top.getJsonArray("values")).containsExactly(
                new JsonObject().put("value", "/pricing").put("events", 6).put("users", 6),
                new JsonObject().put("value", "/checkout").put("events", 5).put("users", 5));
        assertThat(top.getInteger("suppressedGroups")).isEqualTo(1);
        assertThat(top.getString("dimension")).isEqualTo("property:path");

        JsonObject fields = new JsonObject(app.get("/v1/query/top?field=browserFamily&" + DAY, AnalystApp.ANALYST).body());
        assertThat(fields.getJsonArray("values")).isEmpty(); // no browser stored

        AnalystApp.Reply funnel = app.send(HttpMethod.POST, "/v1/query/funnel", AnalystApp.ANALYST, new JsonObject()
                .put("steps", new JsonArray().add("page_view").add("purchase")).put("window", "P1D")
                .put("from", D.toString()).put("to", D.plus(Duration.ofDays(1)).toString()).encode());
        assertThat(funnel.status()).as(funnel.body()).isEqualTo(200);
        assertThat(new JsonObject(funnel.body()).getJsonArray("steps")).containsExactly(
                new JsonObject().put("step", 1).put("type", "page_view").put("users", 6),
                new JsonObject().put("step", 2).put("type", "purchase").put("users", 0));

        JsonObject retention = new JsonObject(app.get("/v1/query/retention?weeks=2&" + DAY, AnalystApp.ANALYST).body());
        assertThat(retention.getJsonArray("cohorts")).hasSize(1); // no later week ends inside one day
        assertThat(retention.getJsonArray("cohorts").getJsonObject(0).getLong("users")).isEqualTo(11);
        assertThat(retention.getJsonArray("cohorts").getJsonObject(0).getJsonArray("active")).isEmpty();
    }

    @Test
    @Order(4)
    void badQueriesGetAClear400() {
        String a = AnalystApp.ANALYST;
        problem(app.get("/v1/query/counts?bucket=hour&" + DAY + "&user=u1", a), 400, "unknown parameter 'user'");
        problem(app.get("/v1/query/counts?bucket=week&" + DAY, a), 400, "'bucket' must be one of minute, hour, day");
        problem(app.get("/v1/query/counts?bucket=hour&from=yesterday&to=2026-11-02", a), 400, "'from' must be a date");
        problem(app.get("/v1/query/counts?bucket=hour&from=2026-11-02&to=2026-11-01", a), 400, "'from' must be before 'to'");
        problem(app.get("/v1/query/counts?bucket=minute&from=2026-11-01&to=2026-11-09", a), 400, "at most 7 days");
        problem(app.get("/v1/query/counts?bucket=day&from=2024-11-01&to=2026-11-09", a), 400, "at most 366 days");
        problem(app.get("/v1/query/counts?bucket=day&" + DAY + "&bucket=hour", a), 400, "'bucket' may be given once");
        problem(app.get("/v1/query/counts?bucket=day", a), 400, "'from' is required");
        problem(app.get("/v1/query/top?property=path&limit=1001&" + DAY, a), 400, "'limit' must be from 1 to 1000");
        problem(app.get("/v1/query/top?field=userKey&" + DAY, a), 400, "unknown field");
        problem(app.get("/v1/query/top?" + DAY, a), 400, "exactly one of 'property' and 'field'");
        problem(app.get("/v1/query/counts?bucket=day&" + DAY + "&purpose=ads", a), 400, "'purpose' must be one of");
        problem(app.get("/v1/export?" + DAY + "&limit=2000000", a), 400, "'limit' must be from 1 to 1000000");
        problem(app.get("/v1/export?" + DAY + "&format=xml", a), 400, "'format' must be ndjson or csv");
        problem(app.send(HttpMethod.POST, "/v1/query/funnel", a, "{\"steps\": [\"a\", \"b\"], \"window\": \"P1D\","
                + " \"from\": \"" + D + "\", \"to\": \"" + D.plusSeconds(60) + "\", \"sql\": \"1\"}"), 400, "unknown member");
        problem(app.send(HttpMethod.POST, "/v1/query/funnel", a, "{\"steps\": [\"a\", \"b\"], \"window\": \"one day\","
                + " \"from\": \"" + D + "\", \"to\": \"" + D.plusSeconds(60) + "\"}"), 400, "'window' must be an ISO-8601");
        problem(app.send(HttpMethod.POST, "/v1/query/funnel", a, "[1"), 400, "JSON object");
    }

    @Test
    @Order(5)
    void injectionAttemptsAreRejectedOrTreatedAsData() {
        String a = AnalystApp.ANALYST;
        String drop = "'; DROP TABLE events; --";
        problem(app.get("/v1/query/counts?bucket=day&" + DAY + "&property." + q(drop) + "=x", a), 400, "property name");
        problem(app.get("/v1/query/top?property=" + q("path' || (SELECT key_hash FROM api_keys) || '") + "&" + DAY, a),
                400, "property name");
        problem(app.get("/v1/query/counts?bucket=day&" + DAY + "&type=" + q("page_view' OR '1'='1"), a), 400, "event type");
        problem(app.get("/v1/export?" + DAY + "&after=" + q(drop), a), 400, "'after' must be");
        problem(app.get("/v1/query/counts?bucket=" + q("day', received_at) FROM consent_state --") + "&" + DAY, a), 400,
                "'bucket' must be one of");
        AnalystApp.Reply data = app.get("/v1/query/counts?bucket=day&" + DAY + "&property.path=" + q(drop), a);
        assertThat(data.status()).isEqualTo(200);
        assertThat(new JsonObject(data.body()).getJsonArray("buckets")).isEmpty();
        AnalystApp.Reply csv = app.get("/v1/export?format=csv&" + DAY + "&property.path=" + q("x\"; COPY events TO '/tmp/x"), a);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(1); // the header only
        assertThat(db.count("SELECT count(*) FROM events")).isEqualTo(14);
        assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename IN ('events', 'consent_state', 'api_keys')")).isEqualTo(3);
    }

    @Test
    @Order(6)
    void exportStreamsPagesWithTheNextCursorInATrailer() {
        AnalystApp.Reply first = app.get("/v1/export?" + DAY + "&limit=8", AnalystApp.ANALYST);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/x-ndjson");
        assertThat(first.transferEncoding()).isEqualTo("chunked");
        List<String> lines = Arrays.asList(first.body().split("\n"));
        assertThat(lines).hasSize(8);
        JsonObject last = new JsonObject(lines.get(7));
        String cursor = first.trailers().get(ExportHandler.NEXT_CURSOR);
        assertThat(cursor).isEqualTo(last.getString("receivedAt") + "," + last.getString("eventId"));
        assertThat(first.trailers()).containsEntry(ExportHandler.ROWS, "8");

        AnalystApp.Reply second = app.get("/v1/export?" + DAY + "&limit=8&after=" + q(cursor), AnalystApp.ANALYST);
        List<String> rest = Arrays.asList(second.body().split("\n"));
        assertThat(rest).hasSize(6);
        assertThat(second.trailers()).doesNotContainKey(ExportHandler.NEXT_CURSOR).containsEntry(ExportHandler.ROWS, "6");
        Set<String> ids = new HashSet<>();
        lines.forEach(l -> ids.add(new JsonObject(l).getString("eventId")));
        rest.forEach(l -> ids.add(new JsonObject(l).getString("eventId")));
        assertThat(ids).hasSize(14);
        JsonObject row = new JsonObject(rest.get(5));
        assertThat(row.fieldNames()).containsExactlyInAnyOrder("eventId", "receivedAt", "eventTime", "type", "purpose",
                "userKey", "properties", "policyVersion", "consentVersion", "consented");

        AnalystApp.Reply csv = app.get("/v1/export?format=csv&" + DAY + "&type=purchase", AnalystApp.ANALYST);
        assertThat(csv.contentType()).isEqualTo("text/csv; charset=utf-8");
        String[] csvLines = csv.body().split("\r\n");
        assertThat(csvLines).hasSize(6);
        assertThat(csvLines[0]).startsWith("eventId,receivedAt,eventTime,type,purpose,userKey,");
        assertThat(csvLines[1]).contains(",purchase,marketing,k1:purchase-1,");
    }

    @Test
    @Order(7)
    void thePrivacyTeamScopesEachKey() {
        AnalystApp.Reply set = app.send(HttpMethod.PUT, "/v1/analyst-scopes/" + AnalystApp.ANALYST_ID, AnalystApp.ADMIN,
                new JsonObject().put("purposes", new JsonArray().add("analytics")).put("minGroupUsers", 3)
                        .put("reason", "this team studies product usage only").encode());
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(new JsonObject(set.body()).getJsonArray("purposes")).containsExactly("analytics");

        JsonObject counts = new JsonObject(app.get("/v1/query/counts?bucket=hour&" + DAY, AnalystApp.ANALYST).body());
        assertThat(counts.getInteger("minGroupUsers")).isEqualTo(3);
        assertThat(counts.getJsonArray("buckets")).extracting(o -> ((JsonObject) o).getInteger("users")).containsExactly(6, 3);
        problem(app.get("/v1/query/counts?bucket=hour&purpose=marketing&" + DAY, AnalystApp.ANALYST), 403, "purpose marketing");
        AnalystApp.Reply export = app.get("/v1/export?" + DAY, AnalystApp.ANALYST);
        assertThat(export.body()).doesNotContain("marketing").contains("/blog");
        assertThat(export.body().split("\n")).hasSize(9);

        JsonObject scopes = new JsonObject(app.get("/v1/analyst-scopes", AnalystApp.ADMIN).body());
        assertThat(scopes.getJsonArray("scopes")).hasSize(2);
        assertThat(scopes.getJsonArray("scopes").getJsonObject(1).getString("updatedBy")).startsWith("privacy-admin:");
        problem(app.send(HttpMethod.PUT, "/v1/analyst-scopes/default", AnalystApp.ADMIN,
                new JsonObject().put("minGroupUsers", 1).put("reason", "r").encode()), 400, "from 2 to 1000");
        problem(app.send(HttpMethod.PUT, "/v1/analyst-scopes/xyz", AnalystApp.ADMIN,
                new JsonObject().put("minGroupUsers", 5).put("reason", "r").encode()), 400, "12 lower-case hex");
        problem(app.send(HttpMethod.PUT, "/v1/analyst-scopes/default", AnalystApp.ADMIN,
                new JsonObject().put("minGroupUsers", 5).encode()), 400, "'reason'");
        assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'analyst-scope.set'")).isEqualTo(1);
    }
}
