package dev.sieve.ingest.formats;

import static dev.sieve.ingest.formats.Responses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sieve.ingest.formats.edge.CorsSettings;
import dev.sieve.ingest.formats.snowplow.SnowplowApps;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS in front of every ingestion route, the native one included: allowed origins, cached preflights, refusals. */
class BrowserCorsTest {
    private static final String SHOP = "https://shop.example.com";
    private static FormatApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new FormatApp(new FormatSettings(new CorsSettings(List.of(SHOP), Duration.ofMinutes(30)),
                new SnowplowApps(Map.of("website", FormatApp.WRITER_KEY)), FormatSettings.DEFAULT_TYPE_PURPOSES));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static HttpResponse<String> preflight(String path, String origin, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST");
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return app.send(b);
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredAndCachedOnEveryIngestionRoute() {
        for (String path : FormatRoutes.ingestionPaths()) {
            HttpResponse<String> r = preflight(path, SHOP, "content-type, sp-anonymous, x-evil");
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue(SHOP);
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type, sp-anonymous");
            assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("1800");
            assertThat(r.headers().allValues("Vary")).contains("Origin");
        }
    }

    @Test
    void theNativeRouteGetsTheSamePreflight() {
        HttpResponse<String> r = preflight(FormatRoutes.NATIVE_EVENTS_PATH, SHOP, "authorization, content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("authorization, content-type");
    }

    @Test
    void anotherOriginIsRefusedBeforeItsBodyIsRead() {
        assertProblem(preflight("/v1/t", "https://evil.example.net", "content-type"), 403);
        HttpResponse<String> post = app.send(HttpRequest.newBuilder(app.uri("/v1/t"))
                .header("Origin", "https://evil.example.net").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "track").put("event", "x")
                        .put("userId", "u-cors").put("writeKey", FormatApp.WRITER_KEY).encode())));
        assertProblem(post, 403, FormatApp.WRITER_KEY, "u-cors");
    }

    @Test
    void aSimpleRequestFromAnAllowedOriginGetsTheAllowHeadersOnItsAnswer() {
        app.reset();
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/v1/t"))
                .header("Origin", SHOP).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "track").put("event", "x")
                        .put("userId", "u-cors").put("writeKey", FormatApp.WRITER_KEY).encode())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Retry-After");
    }

    @Test
    void requestsWithoutAnOriginAreNotAffected() {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/v1/t")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "track").put("event", "x")
                        .put("userId", "u-server").put("writeKey", FormatApp.WRITER_KEY).encode())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aWildcardAllowsAnyOriginButNeverCredentials() throws Exception {
        try (FormatApp open = new FormatApp(new FormatSettings(new CorsSettings(List.of("*"), Duration.ofHours(2)),
                SnowplowApps.none(), FormatSettings.DEFAULT_TYPE_PURPOSES))) {
            HttpResponse<String> r = open.send(HttpRequest.newBuilder(open.uri("/e/"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://anyone.example.org").header("Access-Control-Request-Method", "POST"));
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("7200");
        }
    }

    @Test
    void settingsAreValidatedWithEveryProblemAtOnce() {
        assertThatThrownBy(() -> new CorsSettings(List.of("https://ok.example.com", "https://x.example.com/path",
                "example.com"), Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowedOrigins[1]")
                .hasMessageContaining("allowedOrigins[2]")
                .hasMessageContaining("maxAge");
        assertThat(new CorsSettings(List.of("http://localhost:3000", "https://[::1]:8443", "*"), Duration.ZERO)
                .allowsAnyOrigin()).isTrue();
    }
}
