package dev.sieve.ingest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sieve.enforcement.Enforcer;
import dev.sieve.enforcement.pseudonym.PseudonymKey;
import dev.sieve.enforcement.pseudonym.Pseudonymizer;
import dev.sieve.enforcement.useragent.UserAgentGeneralizer;
import dev.sieve.ingest.auth.ApiKeys;
import dev.sieve.ingest.decode.EventDecoder;
import dev.sieve.ingest.dryrun.DryRuns;
import dev.sieve.ingest.metrics.IngestMetrics;
import dev.sieve.ingest.pipeline.IngestPipeline;
import dev.sieve.ingest.testing.ComponentApp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI fragment {@code openapi-fragments/formats.yaml} documents exactly the routes
 * {@link FormatRoutes#mount} adds, so merging it into openapi.yaml keeps OpenApiRoutesTest green.
 */
class FormatOpenApiTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void theFragmentDocumentsEveryMountedRouteAndNoOther() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            FormatRoutes.mount(router, new FormatDependencies(pipeline(), () -> new ApiKeys(Map.of()), Optional::empty,
                    FormatApp.LIMITS, Clock.systemUTC(), false, FormatSettings.defaults()));
            Set<String> routed = new TreeSet<>();
            for (Route route : router.getRoutes()) {
                if (route.getPath() == null || route.methods() == null) {
                    continue; // the CORS routes, which answer OPTIONS for every method
                }
                for (HttpMethod m : route.methods()) {
                    routed.add(m.name() + " " + route.getPath());
                }
            }
            assertThat(routed).hasSize(37);
            assertThat(documented()).isEqualTo(routed);
        } finally {
            vertx.close();
        }
    }

    private static IngestPipeline pipeline() {
        return new IngestPipeline(EventDecoder.withDefaults(), subjects -> Future.succeededFuture(Map.of()), Optional::empty,
                new Enforcer(new Pseudonymizer(new PseudonymKey("k1", ComponentApp.SECRET)), new UserAgentGeneralizer()),
                events -> Future.failedFuture("unused"), new IngestMetrics(new SimpleMeterRegistry()),
                new DryRuns(Clock.systemUTC()));
    }

    private static Set<String> documented() throws Exception {
        Set<String> out = new TreeSet<>();
        try (InputStream in = FormatOpenApiTest.class.getResourceAsStream("/openapi-fragments/formats.yaml")) {
            JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(in).get("paths");
            paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.contains(method)) {
                    out.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
            }));
        }
        return out;
    }
}
