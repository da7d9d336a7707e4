package dev.sieve.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events body reader over real HTTP: whole bodies in one array, limits as 413. */
class EventBodyReaderTest {
    private static final int LIMIT = 256 * 1024;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        Router router = Router.router(vertx);
        router.post("/body").handler(new EventBodyReader(LIMIT)).handler(ctx -> {
            byte[] body = EventBodyReader.body(ctx);
            ctx.response().end(body.length + " " + sha256(body));
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aBodyWithALengthArrivesWholeInOneArray() throws Exception {
        byte[] body = randomBytes(LIMIT);

        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofByteArray(body), false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body.length + " " + sha256(body));
    }

    @Test
    void aChunkedBodyWithoutALengthArrivesWholeToo() throws Exception {
        byte[] body = randomBytes(200_001);

        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body.length + " " + sha256(body));
    }

    @Test
    void anEmptyBodyIsAnEmptyArray() throws Exception {
        HttpResponse<String> r = send(HttpRequest.BodyPublishers.noBody(), false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("0 " + sha256(new byte[0]));
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofByteArray(randomBytes(LIMIT + 1)), false);

        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitIs413() throws Exception {
        byte[] body = randomBytes(LIMIT + 10_000);

        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), false);

        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void expectContinueIsAnswered() throws Exception {
        byte[] body = randomBytes(10_000);

        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofByteArray(body), true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body.length + " " + sha256(body));
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body, boolean expectContinue) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/body"))
                .expectContinue(expectContinue).timeout(java.time.Duration.ofSeconds(20)).POST(body).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
