package dev.sieve.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * Owns one HTTP server (Vert.x shares the port across instances) and whatever the event loop's
 * router needs (pool, writer), built by {@link LoopWiring} on this verticle's event loop.
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
                .setMaxFormAttributeSize(8 * 1024);
        return wiring.build(vertx)
                .compose(router -> vertx.createHttpServer(options).requestHandler(router).listen());
    }

    @Override
    public Future<?> stop() {
        return wiring.close();
    }
}
