package dev.sieve.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real server's options, over real sockets: clients asking for h2c get HTTP/1.1. */
class HttpVerticleTest {
    /** Larger than HTTP/2's initial 64 KB window, like the OpenAPI document (~125 KB). */
    private static final byte[] LARGE = new byte[200_000];

    static {
        for (int i = 0; i < LARGE.length; i++) {
            LARGE[i] = (byte) ('a' + i % 26);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private int port;

    @BeforeEach
    void deploy() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HttpVerticle.LoopWiring wiring = new HttpVerticle.LoopWiring() {
            @Override
            public Future<Router> build(Vertx v) {
                Router router = Router.router(v);
                router.get("/large").handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain")
                        .end(Buffer.buffer(LARGE)));
                return Future.succeededFuture(router);
            }

            @Override
            public Future<Void> close() {
                return Future.succeededFuture();
            }
        };
        vertx.deployVerticle(new HttpVerticle(wiring, "127.0.0.1", port)).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void anH2cUpgradeRequestIsAnsweredOverHttp11() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /large HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: " + LARGE.length);
            assertThat(in.readNBytes(LARGE.length)).isEqualTo(LARGE);
        }
    }

    @Test
    void theJdkClientsDefaultUpgradeGetsWholeLargeResponses() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/large")).build();
        // With h2c on, about one in six of these failed with "Frame type(...) exceeds MAX_FRAME_SIZE".
        for (int i = 0; i < 30; i++) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(Arrays.equals(r.body(), LARGE)).as("body of GET %d", i).isTrue();
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] sofar = head.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
