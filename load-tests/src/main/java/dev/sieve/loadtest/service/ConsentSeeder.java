package dev.sieve.loadtest.service;

import dev.sieve.loadtest.generator.ConsentGroup;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Records the consent of the synthetic users in one {@code POST /v1/consent-imports} (NDJSON, one
 * line per user): a third grant every purpose, a third deny every purpose, a third are never asked
 * (unknown). One request instead of one {@code PUT /v1/consent/{userId}} per user: 10,000 PUTs,
 * each its own durable commit, took about a minute of every full run.
 */
public final class ConsentSeeder {
    /** Users per import request: 10,000 lines are about 0.8 MB, far below the import's 16 MiB limit. */
    private static final int USERS_PER_IMPORT = 10_000;

    private ConsentSeeder() {
    }

    /** Returns how many users were recorded; fails if an import did not record every line it was sent. */
    public static int seed(int port, String consentKey, int users, int maxSeconds)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int recorded = 0;
        for (int from = 0; from < users; from += USERS_PER_IMPORT) {
            recorded += importUsers(http, port, consentKey, importLines(from, Math.min(users, from + USERS_PER_IMPORT)),
                    maxSeconds);
        }
        return recorded;
    }

    private static int importUsers(HttpClient http, int port, String consentKey, String body, int maxSeconds)
            throws IOException, InterruptedException {
        int lines = (int) body.lines().count();
        if (lines == 0) {
            return 0;
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/consent-imports"))
                .timeout(Duration.ofSeconds(maxSeconds))
                .header("Authorization", "Bearer " + consentKey)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("consent import answered " + answer.statusCode() + ": " + answer.body());
        }
        int imported = new JsonObject(answer.body()).getInteger("imported", -1);
        if (imported != lines) {
            throw new IllegalStateException("consent import recorded " + imported + " of " + lines + " users: "
                    + answer.body());
        }
        return imported;
    }

    /** One NDJSON line per user of {@code [from, to)} with a consent record: the group's choices and the user id. */
    static String importLines(int from, int to) {
        StringBuilder lines = new StringBuilder((to - from) * 90);
        for (int u = from; u < to; u++) {
            int user = u;
            ConsentGroup.of(u).consentBody().ifPresent(choices -> lines.append(
                    new JsonObject(choices).put("userId", ConsentGroup.userId(user)).encode()).append('\n'));
        }
        return lines.toString();
    }
}
