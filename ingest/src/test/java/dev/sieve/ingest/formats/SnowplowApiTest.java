package dev.sieve.ingest.formats;

import static dev.sieve.ingest.formats.Responses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.ingest.formats.edge.CorsSettings;
import dev.sieve.ingest.formats.edge.TrackingPixel;
import dev.sieve.ingest.formats.snowplow.SnowplowApps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/** The Snowplow collector routes over real HTTP: app-id authorisation, limits, the pixel, consent schemas. */
class SnowplowApiTest {
    private static final String PAYLOAD = "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
    private static final String RAW_USER = "sp-user-55e0a2";
    private static FormatApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new FormatApp(new FormatSettings(CorsSettings.none(), new SnowplowApps(Map.of(
                "website", FormatApp.WRITER_KEY,
                "wrong-role", FormatApp.CONSENT_KEY,
                "revoked", "a-writer-key-that-was-revoked")), FormatSettings.DEFAULT_TYPE_PURPOSES));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void reset() {
        app.reset();
    }

    private static JsonObject pageView(String aid, UUID eid) {
        JsonObject e = new JsonObject().put("e", "pv").put("eid", eid.toString()).put("uid", RAW_USER)
                .put("p", "web").put("tv", "js-3.24.0").put("url", "https://shop.example.com/");
        return aid == null ? e : e.put("aid", aid);
    }

    private static HttpResponse<String> post(String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri("/com.snowplowanalytics.snowplow/tp2"))
                .header("Content-Type", "application/json; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return app.send(b);
    }

    private static String payload(JsonObject... events) {
        JsonArray data = new JsonArray();
        for (JsonObject e : events) {
            data.add(e);
        }
        return new JsonObject().put("schema", PAYLOAD).put("data", data).encode();
    }

    @Test
    void anAppIdThatIsNotRegisteredOrMissingIs401() {
        assertProblem(post(payload(pageView("someone-elses-app", UUID.randomUUID())), null), 401, RAW_USER);
        assertProblem(post(payload(pageView("website", UUID.randomUUID()), pageView(null, UUID.randomUUID())), null), 401);
        assertProblem(post(payload(pageView("revoked", UUID.randomUUID())), null), 401, "a-writer-key-that-was-revoked");
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void anAppIdMappedToAKeyOfAnotherRoleIs403() {
        assertProblem(post(payload(pageView("wrong-role", UUID.randomUUID())), null), 403, FormatApp.CONSENT_KEY);
    }

    @Test
    void aServerSideTrackerMaySendAWriterKeyInsteadOfARegisteredAppId() {
        UUID id = UUID.randomUUID();
        HttpResponse<String> r = post(payload(pageView("backend-job", id)), "Bearer " + FormatApp.WRITER_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(app.stored(id)).isNotNull();
        assertProblem(post(payload(pageView("website", UUID.randomUUID())), "Bearer not-a-key-1234"), 401, "not-a-key-1234");
    }

    @Test
    void aBodyOverTheLimitOrAnEventOverItsLimitIs413() {
        JsonObject[] many = new JsonObject[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = pageView("website", UUID.randomUUID()).put("page", "p".repeat(2000));
        }
        assertProblem(post(payload(many), null), 413, RAW_USER);
        assertProblem(post(payload(pageView("website", UUID.randomUUID()).put("page", "q".repeat(33 * 1024))), null), 413);
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void malformedBodiesAre400() {
        assertProblem(post("{\"schema\": \"" + PAYLOAD + "\", \"data\": [", null), 400);
        assertProblem(post(payload(pageView("website", UUID.randomUUID()).put("ue_px", "!!not base64!!").put("e", "ue")),
                null), 400, RAW_USER);
    }

    @Test
    void aConsentPreferencesEntityDenyingAllNarrowsTheEventItIsAttachedTo() {
        app.consent(RAW_USER, Map.of(Purpose.ANALYTICS, true));
        JsonObject entity = new JsonObject().put("schema", "iglu:com.snowplowanalytics.snowplow/consent_preferences/jsonschema/1-0-0")
                .put("data", new JsonObject().put("eventType", "deny_all").put("basisForProcessing", "consent")
                        .put("consentUrl", "https://shop.example.com/privacy").put("consentVersion", "2")
                        .put("consentScopes", new JsonArray()).put("domainsApplied", new JsonArray()));
        String cx = Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonObject()
                .put("schema", "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0")
                .put("data", new JsonArray().add(entity)).encode().getBytes(StandardCharsets.UTF_8));
        UUID denied = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        assertThat(post(payload(pageView("website", denied).put("cx", cx).put("ip", "198.51.100.9"),
                pageView("website", plain).put("ip", "198.51.100.9")), null).statusCode()).isEqualTo(200);

        EnforcedEvent narrowed = app.stored(denied);
        assertThat(narrowed.consented()).isFalse();
        assertThat(narrowed.ipNetwork()).isNull();
        assertThat(app.stored(plain).ipNetwork()).isEqualTo("198.51.100.0");
    }

    @Test
    void thePixelAnswersATransparentGifThatIsNeverCached() {
        HttpResponse<byte[]> r = app.sendForBytes(HttpRequest.newBuilder(
                app.uri("/i?e=pv&aid=website&p=web&tv=no-js-0.1.0&page=Newsletter&duid=email-open-1")).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store").contains("no-cache");
        assertThat(r.body()).hasSize(TrackingPixel.size()).hasSize(43);
        assertThat(new String(r.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(app.sink.events()).hasSize(1);
    }

    @Test
    void aPixelWithoutAnAppIdIs401() {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/i?e=pv&p=web&page=x")).GET());
        assertProblem(r, 401);
    }
}
