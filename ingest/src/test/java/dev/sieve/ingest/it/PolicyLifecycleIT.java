package dev.sieve.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.boot.SieveServer;
import dev.sieve.ingest.config.ConfigLoader;
import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.Eventually;
import dev.sieve.ingest.testing.FreePort;
import dev.sieve.ingest.testing.Http;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes on one PostgreSQL: a rule or consent change made through one node is enforced by the
 * other within 1 s; the audit chain records every change and detects tampering; invalid
 * documents change nothing; a node without a valid policy fails closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyLifecycleIT {
    private static final String WRITER = "pl-writer-key-0123456789";
    private static final String CONSENT = "pl-consent-key-0123456789";
    private static final String ADMIN = "pl-admin-key-0123456789";
    private static final String RAW_IP = "198.51.100.23";
    /**
     * A bound for correctness on a loaded machine. Propagation normally takes tens of milliseconds
     * (NOTIFY); the tests do not assert a speed.
     */
    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    private static SieveServer nodeA;
    private static SieveServer nodeB;
    private static Http a;
    private static Http b;
    private static Db db;

    @BeforeAll
    static void start() {
        String pg = TestPostgres.freshDatabase();
        int portA = FreePort.find();
        nodeA = SieveServer.start(ConfigLoader.load(env(pg, portA), new String[0]));
        int portB = FreePort.find();
        nodeB = SieveServer.start(ConfigLoader.load(env(pg, portB), new String[0]));
        a = new Http("http://127.0.0.1:" + portA);
        b = new Http("http://127.0.0.1:" + portB);
        db = new Db(pg);
    }

    private static Map<String, String> env(String pg, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SIEVE_PG_URL", pg);
        env.put("SIEVE_HTTP_PORT", Integer.toString(port));
        env.put("SIEVE_HTTP_HOST", "127.0.0.1");
        env.put("SIEVE_EVENT_LOOPS", "1");
        env.put("SIEVE_WRITER_KEY", WRITER);
        env.put("SIEVE_CONSENT_KEY", CONSENT);
        env.put("SIEVE_PRIVACY_ADMIN_KEY", ADMIN);
        env.put("SIEVE_PSEUDONYM_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        return env;
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    private static UUID post(Http node, String user) {
        UUID id = UUID.randomUUID();
        HttpResponse<String> r = node.post("/v1/events", WRITER, "application/json", new JsonObject()
                .put("id", id.toString()).put("type", "page_view").put("userId", user).put("ip", RAW_IP)
                .put("properties", new JsonObject().put("search", "shoes").put("path", "/p")).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return id;
    }

    private static Map<String, Object> row(UUID id) {
        return db.rows("SELECT * FROM events WHERE event_id = ?", id).get(0);
    }

    private static JsonObject activeDocument() {
        HttpResponse<String> r = a.get("/v1/policies/active", ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("document");
    }

    private static HttpResponse<String> create(JsonObject document, boolean activate, String reason) {
        JsonObject body = new JsonObject().put("document", document).put("activate", activate);
        if (reason != null) {
            body.put("reason", reason);
        }
        return a.post("/v1/policies", ADMIN, "application/json", body.encode());
    }

    @Test
    @Order(1)
    void aRuleChangedOnOneNodeIsEnforcedByTheOther() {
        UUID before = post(b, "user-rule-change");
        assertThat(row(before).get("policy_version")).isEqualTo(1L);
        assertThat(row(before).get("ip_key")).isNull();

        JsonObject doc = activeDocument();
        doc.getJsonObject("fields").getJsonObject("ip").put("withoutConsent", "pseudonymize");
        doc.put("properties", new JsonObject().put("search", new JsonObject()
                .put("withConsent", "keep").put("withoutConsent", "drop")));
        HttpResponse<String> created = create(doc, true, "pseudonymise IPs instead of dropping them");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getLong("version")).isEqualTo(2);

        UUID[] after = new UUID[1];
        Eventually.within(PROPAGATION, () -> {
            after[0] = post(b, "user-rule-change");
            return (Long) row(after[0]).get("policy_version") == 2L;
        });
        Map<String, Object> changed = row(after[0]);
        assertThat((String) changed.get("ip_key")).startsWith("k1:");
        assertThat((String) changed.get("properties")).doesNotContain("search").contains("/p");
        assertThat(row(before).get("policy_version")).as("stored rows keep their version").isEqualTo(1L);
        assertThat(row(before).get("ip_key")).isNull();
    }

    @Test
    @Order(2)
    void provenanceNamesTheRuleBehindEachField() {
        UUID[] ids = new UUID[1];
        Eventually.within(PROPAGATION, () -> (Long) row(ids[0] = post(a, "user-provenance")).get("policy_version") == 2L);
        UUID id = ids[0];
        JsonObject p = new JsonObject(a.get("/v1/events/" + id + "/provenance", ADMIN).body());
        assertThat(p.getLong("policyVersion")).isEqualTo(2);
        assertThat(p.getBoolean("consented")).isFalse();
        JsonObject ip = p.getJsonObject("fields").getJsonObject("ip");
        assertThat(ip.getString("action")).isEqualTo("pseudonymize");
        assertThat(ip.getString("rule")).isEqualTo("fields.ip.withoutConsent");
        assertThat(ip.getJsonArray("storedColumns")).containsExactly("ip_key");
        assertThat(p.getJsonObject("properties").getJsonObject("search").getString("action")).isEqualTo("drop");
        assertThat(p.encode()).doesNotContain(RAW_IP, "user-provenance");
    }

    @Test
    @Order(3)
    void invalidDocumentsAreRejectedWithEveryProblemAndChangeNothing() {
        JsonObject doc = activeDocument();
        doc.getJsonObject("fields").getJsonObject("userId").put("withConsent", "keep");
        doc.getJsonObject("purposes").remove("marketing");
        doc.put("ipv4Prefix", 32);
        HttpResponse<String> r = create(doc, true, "should fail");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonArray problems = new JsonObject(r.body()).getJsonArray("problems");
        assertThat(problems.encode()).contains("fields.userId.withConsent", "purposes.marketing", "ipv4Prefix");
        assertThat(create(activeDocument(), true, null).statusCode()).as("a change needs a reason").isEqualTo(400);
        assertThat(new JsonObject(a.get("/v1/policies/active", ADMIN).body()).getLong("version")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM policies")).isEqualTo(2);
    }

    @Test
    @Order(4)
    void diffListAndRollback() {
        JsonObject diff = new JsonObject(a.get("/v1/policies/2/diff?against=1", ADMIN).body());
        assertThat(diff.getJsonArray("changes").encode()).contains("fields.ip.withoutConsent", "properties.search");
        assertThat(new JsonObject(a.get("/v1/policies", ADMIN).body()).getJsonArray("versions")).hasSize(2);

        HttpResponse<String> rolled = a.post("/v1/policies/rollback", ADMIN, "application/json",
                new JsonObject().put("reason", "back to the default").encode());
        assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
        assertThat(new JsonObject(rolled.body()).getLong("version")).isEqualTo(1);
        Eventually.within(PROPAGATION, () -> (Long) row(post(b, "user-rollback")).get("policy_version") == 1L);
        // Node a learns of its own rollback by NOTIFY too; the next test reads a's active policy.
        Eventually.within(PROPAGATION, () -> new JsonObject(a.get("/v1/policies/active", ADMIN).body())
                .getLong("version") == 1L);
    }

    @Test
    @Order(5)
    void aDryRunCountsTheDecisionsACandidateWouldChangeAndStoresNothing() {
        JsonObject doc = activeDocument();
        doc.getJsonObject("fields").getJsonObject("ip").put("withoutConsent", "pseudonymize");
        HttpResponse<String> created = create(doc, false, "candidate for a dry run");
        long candidate = new JsonObject(created.body()).getLong("version");
        long rowsBefore = db.count("SELECT count(*) FROM events");

        HttpResponse<String> started = a.post("/v1/policies/" + candidate + "/dry-runs", ADMIN, "application/json",
                new JsonObject().put("maxEvents", 5).put("maxSeconds", 60).encode());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = new JsonObject(started.body()).getString("id");
        for (int i = 0; i < 7; i++) {
            post(a, "dry-run-user-" + i);
        }
        JsonObject report = new JsonObject(a.get("/v1/dry-runs/" + id, ADMIN).body());
        assertThat(report.getString("state")).isEqualTo("finished");
        assertThat(report.getLong("eventsCompared")).isEqualTo(5);
        assertThat(report.getJsonObject("fieldDecisionChanges").getJsonObject("ip").getLong("drop->pseudonymize"))
                .isEqualTo(5);
        assertThat(report.encode()).doesNotContain(RAW_IP, "dry-run-user");
        assertThat(db.count("SELECT count(*) FROM events")).isEqualTo(rowsBefore + 7);
        assertThat(db.count("SELECT count(*) FROM events WHERE policy_version = ?", candidate)).isZero();
    }

    @Test
    @Order(6)
    void aConsentWithdrawalOnOneNodeIsHonouredByTheOther() {
        String user = "withdrawing-" + UUID.randomUUID();
        assertThat(a.put("/v1/consent/" + user, CONSENT, "{\"analytics\": true}").statusCode()).isEqualTo(200);
        Eventually.within(PROPAGATION, () -> row(post(b, user)).get("ip_network") != null);

        assertThat(a.put("/v1/consent/" + user, CONSENT, "{\"analytics\": false}").statusCode()).isEqualTo(200);
        Eventually.within(PROPAGATION, () -> row(post(b, user)).get("ip_network") == null);
    }

    @Test
    @Order(7)
    void bulkImportedConsentIsEnforced() {
        String body = "{\"userId\":\"imported-1\",\"analytics\":true}\n"
                + "{\"userId\":\"imported-2\",\"analytics\":false}\n"
                + "{\"userId\":\"imported-3\",\"colour\":true}\n";
        HttpResponse<String> r = a.post("/v1/consent-imports", CONSENT, "application/x-ndjson", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(r.body());
        assertThat(answer.getInteger("imported")).isEqualTo(2);
        assertThat(answer.getJsonArray("rejected").getJsonObject(0).getInteger("line")).isEqualTo(3);
        assertThat(r.body()).doesNotContain("imported-3");
        Eventually.within(PROPAGATION, () -> row(post(b, "imported-1")).get("ip_network") != null);
    }

    @Test
    @Order(8)
    void theAuditChainVerifiesAndNamesATamperedEntry() {
        JsonObject ok = new JsonObject(a.get("/v1/audit/verify", ADMIN).body());
        assertThat(ok.getBoolean("ok")).as(ok.encode()).isTrue();
        JsonArray entries = new JsonObject(a.get("/v1/audit?limit=100", ADMIN).body()).getJsonArray("entries");
        assertThat(entries.size()).isGreaterThanOrEqualTo(3);
        assertThat(entries.getJsonObject(0).getString("actor")).as("the seeded default policy").isEqualTo("system");
        JsonObject change = entries.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("action").equals("policy.create_and_activate")).findFirst().orElseThrow();
        assertThat(change.getString("actor")).startsWith("privacy-admin:");
        assertThat(change.getString("reason")).isEqualTo("pseudonymise IPs instead of dropping them");
        assertThat(change.getJsonObject("details").encode()).contains("fields.ip.withoutConsent");

        long second = change.getLong("seq");
        // As a superuser could: triggers off, one reason rewritten.
        db.execute("SET session_replication_role = replica; UPDATE audit_log SET reason = 'nothing to see' WHERE seq = "
                + second);
        JsonObject broken = new JsonObject(a.get("/v1/audit/verify", ADMIN).body());
        assertThat(broken.getBoolean("ok")).isFalse();
        assertThat(broken.getLong("brokenSeq")).isEqualTo(second);
    }

    @Test
    @Order(9)
    void aNodeWithoutAValidPolicyFailsClosedAndSaysSo() {
        db.execute("SET session_replication_role = replica; "
                + "UPDATE policies SET document = '{\"broken\": true}' WHERE active; "
                + "NOTIFY sieve_policy, 'broken'");
        Eventually.within(Duration.ofSeconds(2), () -> b.get("/health/ready").statusCode() == 503);
        UUID id = post(b, "fail-closed-user");
        Map<String, Object> stored = row(id);
        assertThat(stored.get("policy_version")).isEqualTo(0L);
        assertThat(stored.get("ip_network")).isNull();
        assertThat(stored.get("ip_key")).isNull();
        assertThat(stored.get("properties")).isNull();
        assertThat(b.get("/metrics").body()).contains("sieve_policy_fail_closed 1.0");
    }

    @Test
    @Order(10)
    void anErasedUsersRowsAreGoneAndALateEventIsDroppedThroughTheWholeService() {
        db.execute("SET session_replication_role = replica; UPDATE policies SET document = (SELECT document FROM "
                + "policies WHERE version = 2) WHERE active; NOTIFY sieve_policy, 'fixed'");
        Eventually.within(Duration.ofSeconds(2), () -> b.get("/health/ready").statusCode() == 200);
        String user = "erased-" + UUID.randomUUID();
        UUID before = post(a, user);
        String userKey = (String) row(before).get("user_key");

        HttpResponse<String> accepted = a.post("/v1/erasures", ADMIN, "application/json",
                new JsonObject().put("userId", user).put("reason", "ticket 42").encode());
        assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 202);
        assertThat(accepted.body()).doesNotContain(user);
        String job = new JsonObject(accepted.body()).getJsonObject("job").getString("id");
        Eventually.within(Duration.ofSeconds(30), () ->
                new JsonObject(a.get("/v1/rights/jobs/" + job, ADMIN).body()).getString("state").equals("done"));
        assertThat(db.count("SELECT count(*) FROM events WHERE user_key = ?", userKey)).isZero();

        Eventually.within(Duration.ofSeconds(2), () -> {
            HttpResponse<String> late = b.post("/v1/events", WRITER, "application/json", new JsonObject()
                    .put("type", "page_view").put("userId", user).encode());
            return new JsonObject(late.body()).getJsonObject("dropped").getInteger("erased_user") == 1;
        });
        assertThat(db.count("SELECT count(*) FROM events WHERE user_key = ?", userKey)).isZero();
    }
}
