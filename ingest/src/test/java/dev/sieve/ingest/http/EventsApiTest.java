package dev.sieve.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.ingest.testing.ComponentApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real router over real HTTP with an in-memory sink: answers, problems and enforcement. */
class EventsApiTest {
    private static final String RAW_IP = "203.0.113.77";
    private static final String RAW_USER = "user-raw-4f1c9e7a";
    private static final String RAW_DEVICE = "device-raw-88d1e0b2";
    private static ComponentApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        app = new ComponentApp(64 * 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @AfterEach
    void healthy() {
        app.sink.failWith(null);
    }

    private static String event(UUID id) {
        return new JsonObject().put("id", id.toString()).put("type", "page_view").put("userId", RAW_USER)
                .put("ip", RAW_IP).put("device", new JsonObject().put("id", RAW_DEVICE).put("model", "Pixel 8"))
                .put("properties", new JsonObject().put("path", "/pricing")).encode();
    }

    private HttpResponse<String> post(String body, String contentType, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri("/v1/events"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Problems.CONTENT_TYPE);
        JsonObject problem = new JsonObject(r.body());
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("type")).startsWith("urn:sieve:problem:");
        assertThat(r.body()).doesNotContain(RAW_IP, RAW_USER, RAW_DEVICE);
    }

    @Test
    void storesOneEnforcedEventAndAnswersCounts() throws Exception {
        UUID id = UUID.randomUUID();
        HttpResponse<String> r = post(event(id), "application/json", ComponentApp.WRITER_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject receipt = new JsonObject(r.body());
        assertThat(receipt.getInteger("stored")).isEqualTo(1);
        assertThat(receipt.getInteger("duplicates")).isZero();
        EnforcedEvent stored = app.sink.events().stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow();
        assertThat(stored.ipNetwork()).as("no consent: IP dropped").isNull();
        assertThat(stored.deviceKey()).as("no consent: device id dropped").isNull();
        assertThat(stored.userKey()).startsWith("k1:").doesNotContain(RAW_USER);
        assertThat(stored.policyVersion()).isEqualTo(1);
        assertThat(stored.consentVersion()).isZero();
    }

    @Test
    void consentGrantedThroughTheApiTruncatesTheIpAndPseudonymisesTheDevice() throws Exception {
        String user = "consenting-user-1";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(app.uri("/v1/consent/" + user))
                .header("Authorization", "Bearer " + ComponentApp.CONSENT_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"analytics\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(put.body()).getJsonObject("purposes").getString("analytics")).isEqualTo("granted");
        assertThat(put.body()).doesNotContain(user);

        UUID id = UUID.randomUUID();
        post(event(id).replace(RAW_USER, user), "application/json", ComponentApp.WRITER_KEY);

        EnforcedEvent stored = app.sink.events().stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow();
        assertThat(stored.ipNetwork()).isEqualTo("203.0.113.0");
        assertThat(stored.deviceKey()).startsWith("k1:").doesNotContain(RAW_DEVICE);
        assertThat(stored.consentVersion()).isEqualTo(1);
    }

    @Test
    void aRetriedRequestIsCountedAsDuplicates() throws Exception {
        String batch = "[" + event(UUID.randomUUID()) + "," + event(UUID.randomUUID()) + "]";
        post(batch, "application/json", ComponentApp.WRITER_KEY);
        HttpResponse<String> again = post(batch, "application/json", ComponentApp.WRITER_KEY);

        JsonObject receipt = new JsonObject(again.body());
        assertThat(receipt.getInteger("stored")).isZero();
        assertThat(receipt.getInteger("duplicates")).isEqualTo(2);
        assertThat(receipt.getInteger("accepted")).isEqualTo(2);
    }

    @Test
    void aBadEventIsNamedByIndexAndTheOthersAreStored() throws Exception {
        UUID first = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        String bad = "{\"type\":\"page_view\",\"userId\":\"" + RAW_USER + "\",\"ip\":\"" + RAW_IP + "\",\"colour\":\"red\"}";
        HttpResponse<String> r = post("[" + event(first) + "," + bad + "," + event(third) + "]",
                "application/json", ComponentApp.WRITER_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject receipt = new JsonObject(r.body());
        assertThat(receipt.getInteger("stored")).isEqualTo(2);
        JsonArray rejected = receipt.getJsonArray("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.getJsonObject(0).getInteger("index")).isEqualTo(1);
        assertThat(rejected.getJsonObject(0).getString("message")).contains("colour");
        assertThat(r.body()).doesNotContain(RAW_IP, RAW_USER);
        assertThat(app.sink.events()).extracting(EnforcedEvent::eventId).contains(first, third);
    }

    @Test
    void aRequestWithOnlyBadEventsIsA400ProblemListingThem() throws Exception {
        HttpResponse<String> r = post("[{\"type\":\"x\"},{\"userId\":\"" + RAW_USER + "\"}]",
                "application/json", ComponentApp.WRITER_KEY);
        assertProblem(r, 400);
        assertThat(new JsonObject(r.body()).getJsonArray("rejected")).hasSize(2);
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        assertProblem(post("{\"type\": \"page_view\", \"userId\": \"" + RAW_USER, "application/json",
                ComponentApp.WRITER_KEY), 400);
    }

    @Test
    void missingOrWrongKeysAre401And403() throws Exception {
        HttpResponse<String> none = post(event(UUID.randomUUID()), "application/json", null);
        assertProblem(none, 401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(post(event(UUID.randomUUID()), "application/json", "not-a-key-at-all-000"), 401);
        assertProblem(post(event(UUID.randomUUID()), "application/json", ComponentApp.CONSENT_KEY), 403);
    }

    @Test
    void anOversizeBodyIsA413Problem() throws Exception {
        StringBuilder big = new StringBuilder("[");
        while (big.length() < 70 * 1024) {
            big.append(event(UUID.randomUUID())).append(',');
        }
        big.setLength(big.length() - 1);
        assertProblem(post(big.append(']').toString(), "application/json", ComponentApp.WRITER_KEY), 413);
    }

    @Test
    void anUnsupportedMediaTypeIsA415Problem() throws Exception {
        assertProblem(post(event(UUID.randomUUID()), "application/xml", ComponentApp.WRITER_KEY), 415);
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(event(UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/v1/events"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + ComponentApp.WRITER_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getInteger("stored")).isEqualTo(1);
    }

    @Test
    void aSaturatedWriterIsA503WithRetryAfterAndTheServerKeepsServing() throws Exception {
        app.sink.failWith(ErrorCode.WRITER_SATURATED);
        HttpResponse<String> r = post(event(UUID.randomUUID()), "application/json", ComponentApp.WRITER_KEY);
        assertProblem(r, 503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");

        app.sink.failWith(null);
        assertThat(post(event(UUID.randomUUID()), "application/json", ComponentApp.WRITER_KEY).statusCode())
                .isEqualTo(200);
    }

    @Test
    void noPolicyLoadedMeansNothingIsStored() throws Exception {
        var saved = app.policy.getAndSet(null);
        try {
            int before = app.sink.events().size();
            assertProblem(post(event(UUID.randomUUID()), "application/json", ComponentApp.WRITER_KEY), 503);
            assertThat(app.sink.events()).hasSize(before);
        } finally {
            app.policy.set(saved);
        }
    }

    @Test
    void unknownRoutesAre404Problems() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/v1/nothing-here")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(r, 404);
    }

    @Test
    void metricsCountEventsByOutcome() throws Exception {
        post(event(UUID.randomUUID()), "application/json", ComponentApp.WRITER_KEY);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("sieve_events_total{outcome=\"accepted\"");
    }
}
