package dev.sieve.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * Owns one HTTP server (Vert.x shares the port across instances) and whatever the event loop's
 * router needs (pool, writer), built by {@link LoopWiring} on this verticle's event loop.
 *
 * <p>The server speaks HTTP/1.1 only: an {@code Upgrade: h2c} request is answered over HTTP/1.1
 * (RFC 9110 lets a server ignore the upgrade). With h2c on, the JDK's default {@code HttpClient}
 * failed on about one in six GETs of responses beyond ~60 KB (the OpenAPI document, {@code
 * /metrics}, query results) with "Frame type(116) length(...) exceeds MAX_FRAME_SIZE", although the
 * frames the server sent were well formed, and {@code curl --http2} 7.88 failed on every one.
 * HTTP/2 belongs behind a TLS-terminating proxy (see docs/configuration.md).
 */
public final class HttpVerticle extends VerticleBase {

    /** Builds one event loop's router and releases what it opened. */
    public interface LoopWiring {
        Future<Router> build(Vertx vertx);

        Future<Void> close();
    }

    private final LoopWiring wiring;
    private final String host;
    private final int port;

    public HttpVerticle(LoopWiring wiring, String host, int port) {
        this.wiring = wiring;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setMaxFormAttributeSize(8 * 1024)
                .setHttp2ClearTextEnabled(false);
        return wiring.build(vertx)
                .compose(router -> vertx.createHttpServer(options).requestHandler(router).listen());
    }

    @Override
    public Future<?> stop() {
        return wiring.close();
    }
}
