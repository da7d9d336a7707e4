package dev.sieve.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sieve.ingest.testing.ComponentApp;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router describe exactly the same routes, and the service serves it. */
class OpenApiRoutesTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void documentAndRouterAgree() throws Exception {
        try (ComponentApp app = new ComponentApp(64 * 1024)) {
            Set<String> routed = new TreeSet<>();
            for (Route route : app.router().getRoutes()) {
                if (route.getPath() == null || route.methods() == null) {
                    continue; // the catch-all failure handler
                }
                String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
                for (HttpMethod m : route.methods()) {
                    if (m != HttpMethod.OPTIONS) { // CORS preflights are answered for every browser route, not listed
                        routed.add(m.name() + " " + path);
                    }
                }
            }
            assertThat(documented()).isEqualTo(routed);

            // HTTP/1.1: this test's server has Vert.x's default options (h2c on), and the JDK client's
            // default h2c upgrade fails on large responses (see HttpVerticle, whose server turns h2c off).
            HttpResponse<String> served = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(app.uri("/openapi.yaml")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper(new YAMLFactory()).readTree(served.body()).get("paths").size())
                    .isEqualTo(OpenApiDocument.load().get("paths").size());
        }
    }

    private static Set<String> documented() throws Exception {
        Set<String> out = new TreeSet<>();
        JsonNode paths = OpenApiDocument.load().get("paths");
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                out.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }
}
