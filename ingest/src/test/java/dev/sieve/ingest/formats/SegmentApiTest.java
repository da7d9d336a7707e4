package dev.sieve.ingest.formats;

import static dev.sieve.ingest.formats.Responses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.enforcement.EnforcedEvent;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.ingest.formats.wire.StableIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Segment Tracking API over real HTTP: write keys, limits, malformed input, consent carried on messages. */
class SegmentApiTest {
    private static final String RAW_USER = "seg-user-7d1f0c";
    private static final String RAW_IP = "203.0.113.77";
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

    private static JsonObject track(String messageId) {
        return new JsonObject().put("type", "track").put("event", "Viewed").put("userId", RAW_USER)
                .put("messageId", messageId).put("context", new JsonObject().put("ip", RAW_IP));
    }

    private static HttpResponse<String> post(String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return app.send(b);
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String withKey(JsonObject message) {
        return message.copy().put("writeKey", FormatApp.WRITER_KEY).encode();
    }

    @Test
    void withoutAWriteKeyTheAnswerIs401AndNothingIsStored() {
        HttpResponse<String> r = post("/v1/track", track("m-1").encode(), null);
        assertThat(assertProblem(r, 401, RAW_USER, RAW_IP).getString("detail")).contains("writeKey");
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void anUnknownOrForeignKeyIs401Or403AndIsNeverEchoed() {
        String unknown = "not-a-sieve-key-4242";
        assertProblem(post("/v1/track", track("m-1").put("writeKey", unknown).encode(), null), 401, unknown);
        assertProblem(post("/v1/track", track("m-1").encode(), basic(unknown)), 401, unknown);
        assertProblem(post("/v1/track", track("m-1").encode(), basic(FormatApp.CONSENT_KEY)), 403, FormatApp.CONSENT_KEY);
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void twoDifferentKeysInOneRequestAre401() {
        JsonObject batch = new JsonObject().put("writeKey", FormatApp.WRITER_KEY)
                .put("batch", new JsonArray().add(track("m-1").put("writeKey", "another-key-0000")));
        assertProblem(post("/v1/batch", batch.encode(), null), 401, FormatApp.WRITER_KEY, "another-key-0000");
    }

    @Test
    void aMessageOverThePerEventLimitIs413() {
        JsonObject big = track("m-big").put("properties", new JsonObject().put("text", "x".repeat(33 * 1024)));
        assertProblem(post("/v1/track", withKey(big), null), 413, RAW_USER);
    }

    @Test
    void aBatchOverTheBodyLimitIs413() {
        JsonArray items = new JsonArray();
        for (int i = 0; i < 40; i++) {
            items.add(track("m-" + i).put("properties", new JsonObject().put("text", "y".repeat(2000))));
        }
        String body = new JsonObject().put("writeKey", FormatApp.WRITER_KEY).put("batch", items).encode();
        assertThat(body.length()).isGreaterThan(FormatApp.LIMITS.maxBodyBytes());
        assertProblem(post("/v1/batch", body, null), 413, RAW_USER);
        assertThat(app.sink.events()).isEmpty();
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(post("/v1/track", "{\"userId\": \"" + RAW_USER + "\", \"event\": ", basic(FormatApp.WRITER_KEY)), 400,
                RAW_USER);
        assertProblem(post("/v1/batch", "[" + withKey(track("m-1")) + "]", null), 400, RAW_USER);
    }

    @Test
    void withdrawingAnalyticsInCategoryPreferencesIsHonouredDespiteTheRegistryGrant() {
        app.consent(RAW_USER, Map.of(Purpose.ANALYTICS, true));
        JsonObject withdrawn = track("m-withdrawn");
        withdrawn.getJsonObject("context").put("consent",
                new JsonObject().put("categoryPreferences", new JsonObject().put("Analytics", false)));
        assertThat(post("/v1/track", withKey(withdrawn), null).statusCode()).isEqualTo(200);
        assertThat(post("/v1/track", withKey(track("m-granted")), null).statusCode()).isEqualTo(200);

        EnforcedEvent narrowed = app.stored(StableIds.of("segment", "m-withdrawn"));
        assertThat(narrowed.consented()).isFalse();
        assertThat(narrowed.ipNetwork()).as("stored without IP").isNull();
        EnforcedEvent granted = app.stored(StableIds.of("segment", "m-granted"));
        assertThat(granted.consented()).isTrue();
        assertThat(granted.ipNetwork()).isEqualTo("203.0.113.0");
    }

    @Test
    void categoriesThePolicyDoesNotMapAreIgnoredAndTrueNeverWidens() {
        JsonObject unmapped = track("m-unmapped");
        unmapped.getJsonObject("context").put("consent", new JsonObject().put("categoryPreferences",
                new JsonObject().put("Functional", false).put("Analytics", true)));
        app.consent(RAW_USER, Map.of(Purpose.ANALYTICS, true));
        post("/v1/track", withKey(unmapped), null);
        assertThat(app.stored(StableIds.of("segment", "m-unmapped")).consented()).isTrue();

        app.reset();
        post("/v1/track", withKey(track("m-no-registry").put("context", new JsonObject().put("consent",
                new JsonObject().put("categoryPreferences", new JsonObject().put("Analytics", true))))), null);
        assertThat(app.stored(StableIds.of("segment", "m-no-registry")).consented())
                .as("consent on the event cannot grant what the registry does not").isFalse();
    }

    @Test
    void aRetriedMessageWithTheSameNonUuidMessageIdIsStoredOnce() {
        String body = withKey(track("ajs-next-5e1b0c0d6f"));
        assertThat(post("/v1/track", body, null).statusCode()).isEqualTo(200);
        assertThat(post("/v1/track", body, null).statusCode()).isEqualTo(200);
        assertThat(app.sink.events()).hasSize(1);
    }

    @Test
    void aFullWriterIs503WithRetryAfter() {
        app.sink.failWith(ErrorCode.WRITER_SATURATED);
        HttpResponse<String> r = post("/v1/track", withKey(track("m-1")), null);
        assertProblem(r, 503, RAW_USER, RAW_IP);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aTimestampMoreThanADayAheadOfTheServerIsRejected() {
        JsonObject future = track("m-future").put("timestamp", "2026-12-01T12:00:00Z");
        HttpResponse<String> r = post("/v1/track", withKey(future), null);
        assertProblem(r, 400, RAW_USER);
        assertThat(new JsonObject(r.body()).getJsonArray("rejected").getJsonObject(0).getString("code"))
                .isEqualTo("future_timestamp");
    }

    @Test
    void anotherMediaTypeIs415() {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/v1/track"))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString(withKey(track("m-1")))));
        assertProblem(r, 415, RAW_USER);
    }
}
