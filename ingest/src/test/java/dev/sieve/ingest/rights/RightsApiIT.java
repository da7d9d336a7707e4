package dev.sieve.ingest.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.policy.DefaultPolicy;
import dev.sieve.enforcement.policy.PolicyJson;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.PseudonymKeyRing;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.auth.Role;
import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.Http;
import dev.sieve.storage.audit.AuditLog;
import dev.sieve.storage.pg.GroupCommitWriter;
import dev.sieve.storage.pg.PgNotifications;
import dev.sieve.storage.pg.PgUri;
import dev.sieve.storage.pg.WriterObserver;
import dev.sieve.storage.pg.WriterSettings;
import dev.sieve.storage.policy.PolicyRepository;
import dev.sieve.storage.rights.Rights;
import dev.sieve.storage.rights.RightsSettings;
import dev.sieve.storage.testing.Await;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rights API over real HTTP, on a real PostgreSQL, with the job runner running. */
class RightsApiIT {
    private static final String ADMIN = "rights-admin-key-0123456789";
    private static final String BACKEND = "rights-consent-key-0123456789";
    private static final String WRITER = "rights-writer-key-0123456789";
    private static Vertx vertx;
    private static Pool pool;
    private static Rights rights;
    private static PgNotifications notifications;
    private static HttpServer server;
    private static Http http;
    private static String base;
    private static Db db;
    private static PseudonymKeyRing ring;
    private static GroupCommitWriter writer;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        String uri = TestPostgres.freshDatabase();
        db = new Db(uri);
        pool = TestPostgres.pool(vertx, uri, 4);
        AuditLog audit = new AuditLog(pool);
        Await.result(new PolicyRepository(pool, audit).create(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(PolicyJson.toText(DefaultPolicy.create())), true, "test", "test policy"));
        ring = new PseudonymKeyRing(new PseudonymKey("k2", "active-secret-active-secret-active!".getBytes(StandardCharsets.UTF_8)),
                List.of(new PseudonymKeyRing.PreviousKey(new PseudonymKey("k1",
                        "previous-secret-previous-secret-!!".getBytes(StandardCharsets.UTF_8)), Optional.empty())));
        rights = Rights.create(vertx, pool, audit, ring, Clock.systemUTC(),
                RightsSettings.DEFAULTS.withErasureSettle(Duration.ofMillis(100)));
        notifications = new PgNotifications(vertx, PgUri.parse(uri).connectOptions());
        Await.result(rights.start(notifications, true));
        Await.result(notifications.start());
        ApiKeys keys = new ApiKeys(Map.of(ApiKeys.sha256(ADMIN), Role.PRIVACY_ADMIN, ApiKeys.sha256(BACKEND), Role.CONSENT,
                ApiKeys.sha256(WRITER), Role.WRITER));
        Router router = Router.router(vertx);
        RightsRoutes.mount(router, () -> keys, RightsRoutes.Handlers.of(rights));
        server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        base = "http://127.0.0.1:" + server.actualPort();
        http = new Http(base);
        writer = new GroupCommitWriter(vertx, pool, WriterSettings.DEFAULTS, WriterObserver.NONE);
    }

    @AfterAll
    static void stop() {
        Await.result(server.close());
        Await.result(rights.close());
        Await.result(notifications.close());
        Await.result(pool.close());
        Await.result(vertx.close());
    }

    private static void store(String userId, int count) {
        List<EnforcedEvent> events = new ArrayList<>();
        List<String> keys = ring.pseudonymsOf("user", userId, Instant.now());
        for (int i = 0; i < count; i++) {
            Instant at = Instant.now().minus(Duration.ofDays(i % 2));
            events.add(new EnforcedEvent(java.util.UUID.randomUUID(), at, at, "page_view", Purpose.ANALYTICS,
                    keys.get(i % keys.size()), null, "203.0.113.0", null, null, null, null, null, null, null, null,
                    "Chrome", "120", "Linux", null, 1, 1, true));
        }
        Await.result(writer.write(events));
    }

    private static long storedOf(String userId) {
        return db.count("SELECT count(*) FROM events WHERE user_key = ANY(?)",
                (Object) ring.pseudonymsOf("user", userId, Instant.now()).toArray(String[]::new));
    }

    private static HttpResponse<String> post(String path, String key, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject awaitJob(String id) {
        JsonObject[] job = new JsonObject[1];
        Await.until("job done", Duration.ofMinutes(1), () -> {
            job[0] = new JsonObject(http.get("/v1/rights/jobs/" + id, ADMIN).body());
            return job[0].getString("state").equals("done") || job[0].getString("state").equals("failed");
        });
        return job[0];
    }

    @Test
    void anErasureIsAcceptedAsAJobThatCompletesWithAReceiptAndARepeatReturnsIt() {
        store("olga", 40);
        store("pete", 5);

        HttpResponse<String> accepted = post("/v1/erasures", ADMIN, "{\"userId\":\"olga\",\"reason\":\"ticket 1\"}", "k-1");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).doesNotContain("olga");
        JsonObject answer = new JsonObject(accepted.body());
        String id = answer.getJsonObject("job").getString("id");
        assertThat(answer.getBoolean("created")).isTrue();
        assertThat(accepted.headers().firstValue("Location")).contains("/v1/rights/jobs/" + id);
        JsonObject job = awaitJob(id);
        assertThat(job.getString("state")).isEqualTo("done");
        assertThat(job.getJsonObject("result").getLong("eventsDeleted")).isEqualTo(40);
        assertThat(job.getJsonArray("receipts")).hasSize(1);
        assertThat(storedOf("olga")).isZero();
        assertThat(storedOf("pete")).isEqualTo(5);

        HttpResponse<String> repeated = post("/v1/erasures", ADMIN, "{\"userId\":\"olga\",\"reason\":\"ticket 1\"}", "k-1");
        assertThat(new JsonObject(repeated.body()).getBoolean("created")).isFalse();
        assertThat(new JsonObject(repeated.body()).getJsonObject("job").getString("id")).isEqualTo(id);

        JsonObject bySubject = new JsonObject(post("/v1/rights/subjects", ADMIN, "{\"userId\":\"olga\"}", null).body());
        assertThat(bySubject.getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("id"))).contains(id);
        JsonObject listed = new JsonObject(http.get("/v1/rights/jobs?kind=erasure&state=done", ADMIN).body());
        assertThat(listed.getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("id"))).contains(id);
    }

    @Test
    void anExportStreamsTheUsersRowsAsNdjson() {
        store("quinn", 30);
        store("rosa", 3);

        HttpResponse<String> export = post("/v1/exports", ADMIN, "{\"userId\":\"quinn\",\"reason\":\"DSAR 2\"}", null);

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        List<JsonObject> lines = Arrays.stream(export.body().split("\n")).map(JsonObject::new).toList();
        assertThat(lines.get(0).getString("type")).isEqualTo("export");
        assertThat(lines.get(lines.size() - 1).getString("type")).isEqualTo("summary");
        assertThat(lines.get(lines.size() - 1).getLong("events")).isEqualTo(30);
        assertThat(lines.stream().filter(l -> l.getString("type").equals("event"))).hasSize(30);
        assertThat(export.body()).doesNotContain("quinn").doesNotContain(ring.pseudonymsOf("user", "rosa",
                Instant.now()).get(0));
    }

    @Test
    void theAccountClosedSignalNeedsTheBackendKey() {
        String body = "{\"userId\":\"sam\",\"closedAt\":\"2026-01-02T03:04:05Z\"}";

        assertThat(post("/v1/accounts/closed", "", body, null).statusCode()).isEqualTo(401);
        assertThat(post("/v1/accounts/closed", ADMIN, body, null).statusCode()).isEqualTo(403);
        assertThat(post("/v1/erasures", BACKEND, "{\"userId\":\"sam\",\"reason\":\"x\"}", null).statusCode())
                .isEqualTo(403);
        HttpResponse<String> accepted = post("/v1/accounts/closed", BACKEND, body, null);
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonObject job = awaitJob(new JsonObject(accepted.body()).getJsonObject("job").getString("id"));
        assertThat(job.getJsonObject("result").getString("closedAt")).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void retentionRulesAreReplacedAsAWholeAndInvalidOnesRefusedByPath() {
        HttpResponse<String> invalid = http.put("/v1/retention", ADMIN,
                "{\"reason\":\"r\",\"rules\":[{\"name\":\"crash-reports\",\"eventType\":\"crash\",\"maxAgeDays\":0}]}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(invalid.body()).contains("rules[0].maxAgeDays");

        HttpResponse<String> stored = http.put("/v1/retention", ADMIN, "{\"reason\":\"notice v3\",\"rules\":["
                + "{\"name\":\"crash-reports\",\"eventType\":\"crash\",\"maxAgeDays\":90},"
                + "{\"name\":\"account-data\",\"afterAccountClosedDays\":30}]}");
        assertThat(stored.statusCode()).isEqualTo(200);
        JsonArray rules = new JsonObject(http.get("/v1/retention", ADMIN).body()).getJsonArray("rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.getJsonObject(1).getString("name")).isEqualTo("crash-reports");
        assertThat(rules.getJsonObject(1).getInteger("maxAgeDays")).isEqualTo(90);
    }

    @Test
    void badRequestsAreProblemsThatNeverEchoTheUserId() {
        String longId = "x".repeat(300) + "SECRET-ID";
        HttpResponse<String> tooLong = post("/v1/erasures", ADMIN, "{\"userId\":\"" + longId + "\",\"reason\":\"r\"}", null);
        HttpResponse<String> noReason = post("/v1/erasures", ADMIN, "{\"userId\":\"SECRET-ID\"}", null);
        HttpResponse<String> unknownField = post("/v1/exports", ADMIN,
                "{\"userId\":\"SECRET-ID\",\"reason\":\"r\",\"SECRET-ID\":1}", null);
        HttpResponse<String> badState = http.get("/v1/rights/jobs?state=SECRET-ID", ADMIN);
        HttpResponse<String> unknownJob = http.get("/v1/rights/jobs/" + java.util.UUID.randomUUID(), ADMIN);

        for (HttpResponse<String> response : List.of(tooLong, noReason, unknownField, badState)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("SECRET-ID");
        }
        assertThat(unknownJob.statusCode()).isEqualTo(404);
    }
}
