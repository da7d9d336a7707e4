package dev.sieve.ingest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sieve.ingest.http.Problems;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** Assertions on answers shared by the format tests. */
final class Responses {
    private Responses() {
    }

    /**
     * A problem+json answer with this status whose body repeats none of {@code secrets}
     * (keys, raw identifiers, IPs the request carried).
     */
    static JsonObject assertProblem(HttpResponse<String> r, int status, String... secrets) {
        assertThat(r.statusCode()).as("status; body %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Problems.CONTENT_TYPE);
        JsonObject problem = new JsonObject(r.body());
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("type")).startsWith("urn:sieve:problem:");
        for (String secret : secrets) {
            assertThat(r.body()).doesNotContain(secret);
        }
        return problem;
    }
}
