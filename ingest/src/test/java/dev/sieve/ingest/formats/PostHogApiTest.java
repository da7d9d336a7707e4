package dev.sieve.ingest.formats;

import static dev.sieve.ingest.formats.Responses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostHog capture over real HTTP: tokens, limits, encodings, beacons, and the cookieless consent signal. */
class PostHogApiTest {
    private static final String RAW_USER = "ph-user-93ac11";
    private static FormatApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new FormatApp(FormatSettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void reset() {
        app.reset();
    }

    private static JsonObject event(UUID uuid, String token) {
        JsonObject properties = new JsonObject().put("$current_url", "https://shop.example.com/");
        if (token != null) {
            properties.put("token", token);
        }
        return new JsonObject().put("event", "$pageview").put("distinct_id", RAW_USER).put("uuid", uuid.toString())
                .put("properties", properties);
    }

    private static HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) {
        return app.send(HttpRequest.newBuilder(app.uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> postJson(String path, Object json) {
        return post(path, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutATokenTheAnswerIs401() {
        assertProblem(postJson("/e/", new JsonArray().add(event(UUID.randomUUID(), null))), 401, RAW_USER);
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void anUnknownTokenIs401AConsentKeyIs403AndMixedTokensAre401() {
        String unknown = "phc_unknownProjectToken123";
        assertProblem(postJson("/e/", new JsonArray().add(event(UUID.randomUUID(), unknown))), 401, unknown);
        assertProblem(postJson("/batch/", new JsonObject().put("api_key", FormatApp.CONSENT_KEY)
                .put("batch", new JsonArray().add(event(UUID.randomUUID(), null)))), 403, FormatApp.CONSENT_KEY);
        assertProblem(postJson("/e/", new JsonArray().add(event(UUID.randomUUID(), FormatApp.WRITER_KEY))
                .add(event(UUID.randomUUID(), unknown))), 401, FormatApp.WRITER_KEY, unknown);
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413AndSoIsAGzipBomb() throws Exception {
        JsonArray events = new JsonArray();
        for (int i = 0; i < 40; i++) {
            events.add(event(UUID.randomUUID(), FormatApp.WRITER_KEY).put("pad", "z".repeat(2000)));
        }
        assertProblem(postJson("/e/", events), 413, RAW_USER);
        byte[] bomb = FormatGoldenTest.gzip(("[" + " ".repeat(5 * 1024 * 1024) + "]").getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(FormatApp.LIMITS.maxBodyBytes());
        assertProblem(post("/e/?compression=gzip-js", "text/plain", bomb), 413);
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void aBodyThatIsNoPayloadIs400AndABrokenFormToo() {
        assertProblem(post("/e/", "text/plain", "{\"event\": ".getBytes(StandardCharsets.UTF_8)), 400);
        assertProblem(post("/e/", "application/x-www-form-urlencoded", "ver=1&compression=base64".getBytes(StandardCharsets.UTF_8)),
                400);
    }

    @Test
    void cookielessModeWithdrawsConsentTheRegistryGranted() {
        app.consent(RAW_USER, Map.of(Purpose.ANALYTICS, true));
        UUID declined = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        JsonObject cookieless = event(declined, FormatApp.WRITER_KEY);
        cookieless.getJsonObject("properties").put("$cookieless_mode", true).put("$ip", "198.51.100.20");
        JsonObject normal = event(plain, FormatApp.WRITER_KEY);
        normal.getJsonObject("properties").put("$ip", "198.51.100.20");
        assertThat(postJson("/e/", new JsonArray().add(cookieless).add(normal)).statusCode()).isEqualTo(200);

        EnforcedEvent narrowed = app.stored(declined);
        assertThat(narrowed.consented()).isFalse();
        assertThat(narrowed.ipNetwork()).isNull();
        assertThat(app.stored(plain).ipNetwork()).isEqualTo("198.51.100.0");
    }

    @Test
    void aBeaconIsAnswered204AfterTheEventIsStored() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] gz = FormatGoldenTest.gzip(new JsonArray().add(event(id, FormatApp.WRITER_KEY)).encode()
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post("/e/?beacon=1&compression=gzip-js", "text/plain", gz);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(app.stored(id)).isNotNull();
    }

    @Test
    void aBase64FormLargerThanTheServersFormAttributeLimitIsRead() {
        JsonArray events = new JsonArray();
        for (int i = 0; i < 20; i++) {
            events.add(event(UUID.randomUUID(), FormatApp.WRITER_KEY).put("properties", new JsonObject()
                    .put("token", FormatApp.WRITER_KEY).put("note", "n".repeat(800))));
        }
        String form = "data=" + URLEncoder.encode(Base64.getEncoder().encodeToString(events.encode()
                .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(form.length()).isGreaterThan(8 * 1024);
        HttpResponse<String> r = post("/e/?compression=base64", "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(app.sink.events()).hasSize(20);
    }

    @Test
    void pathsWorkWithAndWithoutTheTrailingSlash() {
        for (String path : new String[] {"/e", "/capture", "/batch", "/track", "/i/v0/e"}) {
            UUID id = UUID.randomUUID();
            HttpResponse<String> r = postJson(path, new JsonArray().add(event(id, FormatApp.WRITER_KEY)));
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(1);
        }
    }

    @Test
    void anEventWithANameOutsideTheAlphabetIsRejectedByIndexWhileTheOthersAreStored() {
        UUID good = UUID.randomUUID();
        HttpResponse<String> r = postJson("/batch/", new JsonObject().put("api_key", FormatApp.WRITER_KEY)
                .put("batch", new JsonArray().add(event(UUID.randomUUID(), null).put("event", "clicked <b>"))
                        .add(event(good, null))));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonArray("rejected").getJsonObject(0).getString("code"))
                .isEqualTo("bad_event_name");
        assertThat(app.stored(good)).isNotNull();
    }
}
