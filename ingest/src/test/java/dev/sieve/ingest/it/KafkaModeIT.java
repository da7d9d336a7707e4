package dev.sieve.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.boot.SieveServer;
import dev.sieve.ingest.config.ConfigLoader;
import dev.sieve.ingest.testing.Db;
import dev.sieve.ingest.testing.Eventually;
import dev.sieve.ingest.testing.FreePort;
import dev.sieve.ingest.testing.Http;
import dev.sieve.ingest.testing.JarProcess;
import dev.sieve.storage.kafka.testing.KafkaBroker;
import dev.sieve.storage.kafka.testing.RawTopic;
import dev.sieve.storage.testing.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka mode end to end, as deployed: one real Kafka 4.1 broker, one PostgreSQL, an ingest node
 * (SIEVE_ROLE=ingest, in this JVM) and a storage node (SIEVE_ROLE=storage, the shaded jar in its
 * own JVM, SIGKILLed in one test). Asserts on rows in the database and on the topic read raw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaModeIT {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaModeIT.class);
    private static final String WRITER = "km-writer-key-0123456789";
    private static final String CONSENT = "km-consent-key-0123456789";
    private static final String ADMIN = "km-admin-key-0123456789";
    /** A bound for correctness on a loaded machine; the time taken is logged, not asserted. */
    private static final Duration PROPAGATION = Duration.ofSeconds(15);
    private static final Duration STORED_WITHIN = Duration.ofSeconds(60);
    private static KafkaBroker broker;
    private static String topic;
    private static SieveServer ingestNode;
    private static JarProcess storageNode;
    private static Http ingest;
    private static Http storage;
    private static Db db;
    private static Map<String, String> common;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.shared();
        String pg = TestPostgres.freshDatabase();
        db = new Db(pg);
        String name = UUID.randomUUID().toString().substring(0, 8);
        topic = "it-events-" + name;
        common = new HashMap<>();
        common.put("SIEVE_PG_URL", pg);
        common.put("SIEVE_PSEUDONYM_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        common.put("SIEVE_HTTP_HOST", "127.0.0.1");
        common.put("SIEVE_EVENT_LOOPS", "1");
        common.put("SIEVE_WRITER_KEY", WRITER);
        common.put("SIEVE_CONSENT_KEY", CONSENT);
        common.put("SIEVE_PRIVACY_ADMIN_KEY", ADMIN);
        common.put("SIEVE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        common.put("SIEVE_KAFKA_TOPIC", topic);
        common.put("SIEVE_KAFKA_PARTITIONS", "4");
        common.put("SIEVE_KAFKA_GROUP_ID", "it-storage-" + name);

        Map<String, String> storageEnv = new HashMap<>(common);
        int storagePort = FreePort.find();
        storageEnv.put("SIEVE_ROLE", "storage");
        storageEnv.put("SIEVE_HTTP_PORT", Integer.toString(storagePort));
        storageEnv.put("SIEVE_KAFKA_GROUP_INSTANCE_ID", "storage-node-1");
        // Small polls: a stream of a few thousand events takes many store-then-commit rounds, so a kill lands mid-stream.
        storageEnv.put("SIEVE_KAFKA_MAX_POLL_RECORDS", "50");
        storageNode = new JarProcess(storageEnv, Path.of("target", "kafka-mode-it", "storage-node.log")).start();
        storage = storageNode.http();

        Map<String, String> ingestEnv = new HashMap<>(common);
        int ingestPort = FreePort.find();
        ingestEnv.put("SIEVE_ROLE", "ingest");
        ingestEnv.put("SIEVE_HTTP_PORT", Integer.toString(ingestPort));
        ingestEnv.put("SIEVE_KAFKA_DELIVERY_TIMEOUT_MS", "3000");
        ingestNode = SieveServer.start(ConfigLoader.load(ingestEnv, new String[0]));
        ingest = new Http("http://127.0.0.1:" + ingestPort);
    }

    @AfterAll
    static void stop() {
        if (broker != null && !broker.running()) {
            broker.restart(); // shared with the other test classes of this JVM
        }
        if (ingestNode != null) {
            ingestNode.close();
        }
        if (storageNode != null) {
            storageNode.stop();
        }
    }

    @Test
    @Order(1)
    void acknowledgedEventsAreStoredOnceByTheStorageNodeAndARetryAddsNothing() {
        List<JsonArray> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            JsonArray batch = batch(100, "once-" + b, "analytics");
            batches.add(batch);
            JsonObject receipt = accepted(post(batch));
            assertThat(receipt.getInteger("stored")).as("acknowledged by Kafka").isEqualTo(100);
        }
        assertThat(accepted(post(batches.get(0))).getInteger("stored")).as("a client's retry").isEqualTo(100);

        String[] ids = batches.stream().flatMap(b -> ids(b).stream()).toArray(String[]::new);
        Eventually.within(STORED_WITHIN, () -> storedOf(ids) == 300);
        assertThat(db.count("SELECT count(*) FROM events WHERE event_id = ANY(?::uuid[])", (Object) ids)).isEqualTo(300);
        Eventually.within(Duration.ofSeconds(10), () -> metric(storage, "sieve_kafka_consumer_duplicate_events_total") >= 100);
        assertThat(metric(storage, "sieve_kafka_consumer_stored_events_total")).isGreaterThanOrEqualTo(300);

        HttpResponse<String> notHere = storage.post("/v1/events", WRITER, "application/json", batches.get(0).encode());
        assertThat(notHere.statusCode()).as("a storage node serves no ingestion route").isEqualTo(404);
        assertThat(storage.get("/health/ready").body()).contains("\"kafka\":\"up\"");
        assertThat(ingest.get("/health/ready").body()).contains("\"kafka\":\"up\"");
    }

    @Test
    @Order(2)
    void theTopicReadRawHoldsNoRawIpDeviceIdOrUserId() {
        String user = "raw-user-" + UUID.randomUUID();
        String device = "raw-device-" + UUID.randomUUID();
        String ip4 = "203.0.113.77";
        String ip6 = "2001:db8:9:8:7:6:5:4";
        http(ingest.put("/v1/consent/" + user, CONSENT, "{\"analytics\": true}"), 200);
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 40; i++) {
            batch.add(event(user, i % 2 == 0 ? ip4 : ip6, "analytics").put("anonymousId", "raw-anon-" + i + "-" + user)
                    .put("device", new JsonObject().put("id", device).put("model", "Pixel 8")));
        }
        assertThat(accepted(post(batch)).getInteger("stored")).isEqualTo(40);

        List<ConsumerRecord<byte[], byte[]>> records = RawTopic.readAll(broker.bootstrapServers(), topic);
        StringBuilder everything = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            everything.append(new String(record.key(), StandardCharsets.UTF_8)).append('\n')
                    .append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
            record.headers().forEach(h -> everything.append(h.key()).append(new String(h.value(), StandardCharsets.UTF_8)));
        }
        String onTopic = everything.toString();
        assertThat(onTopic).as("the enforced forms are there").contains("\"userKey\":\"k1:", "\"deviceKey\":\"k1:",
                "\"ipNetwork\":\"203.0.113.0\"");
        assertThat(onTopic).doesNotContain(user, device, ip4, ip6, "2001:db8:9:8:7:6:5:4".replace(':', '.'), "raw-anon-");
    }

    @Test
    @Order(3)
    void aPolicyChangeAndAConsentWithdrawalReachBothRoles() {
        // Consent: granted and withdrawn through the storage node; the ingest node enforces the change.
        String user = "withdrawing-" + UUID.randomUUID();
        http(storage.put("/v1/consent/" + user, CONSENT, "{\"marketing\": true}"), 200);
        Eventually.within(PROPAGATION, () -> accepted(post(new JsonArray().add(event(user, "198.51.100.9", "marketing"))))
                .getInteger("stored") == 1);
        http(storage.put("/v1/consent/" + user, CONSENT, "{\"marketing\": false}"), 200);
        Duration withdrawn = Eventually.within(PROPAGATION, () -> accepted(post(new JsonArray()
                .add(event(user, "198.51.100.9", "marketing")))).getJsonObject("dropped").getInteger("total") == 1);
        LOG.info("consent withdrawal enforced by the ingest node after {} ms", withdrawn.toMillis());

        // Policy: changed through the storage node's privacy API; both nodes swap in the new version.
        HttpResponse<String> active = storage.get("/v1/policies/active", ADMIN);
        JsonObject doc = new JsonObject(http(active, 200).body()).getJsonObject("document");
        long version = new JsonObject(active.body()).getLong("version");
        doc.getJsonObject("fields").getJsonObject("ip").put("withoutConsent", "pseudonymize");
        HttpResponse<String> created = storage.post("/v1/policies", ADMIN, "application/json",
                new JsonObject().put("document", doc).put("activate", true).put("reason", "pseudonymise IPs").encode());
        long next = new JsonObject(http(created, 201).body()).getLong("version");
        assertThat(next).isEqualTo(version + 1);
        Duration applied = Eventually.within(PROPAGATION, () -> metric(ingest, "sieve_policy_version") == next
                && metric(storage, "sieve_policy_version") == next);
        LOG.info("policy version {} in force on both nodes after {} ms", next, applied.toMillis());

        JsonObject after = event("no-consent-" + UUID.randomUUID(), "198.51.100.10", "analytics");
        accepted(post(new JsonArray().add(after)));
        String id = after.getString("id");
        Eventually.within(STORED_WITHIN, () -> storedOf(id) == 1);
        Map<String, Object> row = db.rows("SELECT policy_version, ip_key, ip_network FROM events WHERE event_id = ?::uuid", id).get(0);
        assertThat(row.get("policy_version")).isEqualTo(next);
        assertThat((String) row.get("ip_key")).startsWith("k1:");
        assertThat(row.get("ip_network")).isNull();
    }

    @Test
    @Order(4)
    void everyAcknowledgedEventIsStoredOnceAcrossASigkillOfTheStorageNode() {
        storageNode.kill();
        List<String> acked = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            JsonArray batch = batch(100, "kill-" + b, "analytics");
            accepted(post(batch));
            acked.addAll(ids(batch));
        }
        String[] ids = acked.toArray(String[]::new);
        storageNode.start();
        Eventually.within(STORED_WITHIN, () -> storedOf(ids) >= 300);
        storageNode.kill(); // SIGKILL while it works through the backlog
        long storedAtKill = storedOf(ids);
        LOG.info("SIGKILLed the storage node with {} of {} acknowledged events stored", storedAtKill, ids.length);
        assertThat(storedAtKill).as("killed mid-stream").isLessThan(ids.length);

        for (int b = 0; b < 5; b++) { // acknowledged while no storage node runs
            JsonArray batch = batch(100, "kill-late-" + b, "analytics");
            accepted(post(batch));
            acked.addAll(ids(batch));
        }
        String[] all = acked.toArray(String[]::new);
        storageNode.start();
        Eventually.within(STORED_WITHIN, () -> storedOf(all) == all.length);
        assertThat(db.count("SELECT count(*) FROM events WHERE event_id = ANY(?::uuid[])", (Object) all))
                .isEqualTo(4_500);
        Eventually.within(Duration.ofSeconds(30), () -> metric(storage, "sieve_kafka_consumer_lag") == 0);
    }

    @Test
    @Order(5)
    void withTheBrokerDownIngestAnswers503WithRetryAfterAndRecoversWhenItReturns() {
        JsonArray before = batch(10, "outage-before", "analytics");
        accepted(post(before));
        broker.kill();
        JsonArray during = batch(10, "outage-during", "analytics");
        try {
            HttpResponse<String> refused = post(during);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("storage-unavailable").doesNotContain("outage-during");
            Eventually.within(Duration.ofSeconds(10), () -> ingest.get("/health/ready").statusCode() == 503
                    && ingest.get("/health/ready").body().contains("\"kafka\":\"down\""));
        } finally {
            broker.restart();
        }
        Eventually.within(STORED_WITHIN, () -> post(during).statusCode() == 200);
        String[] ids = java.util.stream.Stream.concat(ids(before).stream(), ids(during).stream()).toArray(String[]::new);
        Eventually.within(STORED_WITHIN, () -> storedOf(ids) == 20);
        assertThat(db.count("SELECT count(*) FROM events WHERE event_id = ANY(?::uuid[])", (Object) ids)).isEqualTo(20);
        Eventually.within(Duration.ofSeconds(10), () -> ingest.get("/health/ready").statusCode() == 200);
    }

    @Test
    @Order(6)
    void aNodeInBothRolesProducesAndStoresItsOwnEvents() {
        String name = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(common);
        int port = FreePort.find();
        env.put("SIEVE_ROLE", "both");
        env.put("SIEVE_HTTP_PORT", Integer.toString(port));
        // A topic of its own: only this node can have stored what it acknowledged.
        env.put("SIEVE_KAFKA_TOPIC", "it-both-" + name);
        env.put("SIEVE_KAFKA_GROUP_ID", "it-both-" + name);
        try (SieveServer both = SieveServer.start(ConfigLoader.load(env, new String[0]))) {
            Http node = new Http("http://127.0.0.1:" + port);
            JsonArray batch = batch(50, "both-" + name, "analytics");
            HttpResponse<String> r = node.post("/v1/events", WRITER, "application/json", batch.encode());
            assertThat(accepted(r).getInteger("stored")).as("acknowledged by Kafka").isEqualTo(50);
            String[] ids = ids(batch).toArray(String[]::new);
            Eventually.within(STORED_WITHIN, () -> storedOf(ids) == 50);
            assertThat(node.get("/health/ready").body()).contains("\"kafka\":\"up\"");
            Eventually.within(Duration.ofSeconds(10),
                    () -> metric(node, "sieve_kafka_consumer_stored_events_total") >= 50);
        }
    }

    /**
     * An event enforced before an erasure may still be on the topic after it. The storage node must
     * drop it (erasure quarantine), not store it for the erasure job to delete later.
     */
    @Test
    @Order(7)
    void eventsOnTheTopicOfAUserErasedMeanwhileAreDroppedByTheStorageNode() {
        String erased = "erased-" + UUID.randomUUID();
        String kept = "kept-" + UUID.randomUUID();
        storageNode.kill();
        JsonArray erasedEvents = new JsonArray();
        JsonArray keptEvents = new JsonArray();
        for (int i = 0; i < 20; i++) {
            erasedEvents.add(event(erased, "198.51.100." + (1 + i), "analytics"));
            keptEvents.add(event(kept, "198.51.100." + (1 + i), "analytics"));
        }
        assertThat(accepted(post(erasedEvents)).getInteger("stored")).as("on the topic").isEqualTo(20);
        HttpResponse<String> erasure = ingest.post("/v1/erasures", ADMIN, "application/json",
                new JsonObject().put("userId", erased).put("reason", "ticket 7").encode());
        assertThat(erasure.statusCode()).as(erasure.body()).isEqualTo(202);
        assertThat(accepted(post(keptEvents)).getInteger("stored")).as("on the topic").isEqualTo(20);

        storageNode.start();
        String[] keptIds = ids(keptEvents).toArray(String[]::new);
        Eventually.within(STORED_WITHIN, () -> storedOf(keptIds) == 20);
        Eventually.within(Duration.ofSeconds(30), () -> metric(storage, "sieve_kafka_consumer_lag") == 0);
        assertThat(storedOf(ids(erasedEvents).toArray(String[]::new))).as("the erased user's events").isZero();
        assertThat(metric(storage, "sieve_events_total{outcome=\"dropped\",reason=\"erased_user\"}"))
                .as("dropped by the storage node's quarantine").isEqualTo(20);
    }

    private static JsonObject event(String user, String ip, String purpose) {
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "page_view").put("userId", user)
                .put("purpose", purpose).put("ip", ip)
                .put("userAgent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .put("properties", new JsonObject().put("path", "/pricing"));
    }

    private static JsonArray batch(int events, String user, String purpose) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < events; i++) {
            batch.add(event(user + "-" + (i % 7), "198.51.100." + (1 + i % 200), purpose));
        }
        return batch;
    }

    private static List<String> ids(JsonArray batch) {
        return batch.stream().map(e -> ((JsonObject) e).getString("id")).toList();
    }

    private static HttpResponse<String> post(JsonArray batch) {
        return ingest.post("/v1/events", WRITER, "application/json", batch.encode());
    }

    private static JsonObject accepted(HttpResponse<String> r) {
        return new JsonObject(http(r, 200).body());
    }

    private static HttpResponse<String> http(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r;
    }

    private static long storedOf(String... ids) {
        return db.count("SELECT count(DISTINCT event_id) FROM events WHERE event_id = ANY(?::uuid[])", (Object) ids);
    }

    /** A meter from a node's Prometheus scrape, named as scraped (with its labels, if any); NaN when absent. */
    private static double metric(Http node, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(node.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
