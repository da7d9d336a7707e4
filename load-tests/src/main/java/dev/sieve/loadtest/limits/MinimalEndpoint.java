package dev.sieve.loadtest.limits;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP ceiling: a Vert.x server that reads each request body and answers 204, nothing else,
 * with one verticle per core as the service has. Run in its own JVM:
 * {@code java -cp sieve-load.jar dev.sieve.loadtest.limits.MinimalEndpoint <port> <instances>}.
 * Prints {@value #READY} when listening; stops on SIGTERM or after {@code maxSeconds}.
 */
public final class MinimalEndpoint extends VerticleBase {
    public static final String READY = "MINIMAL ENDPOINT LISTENING";
    private static final int DEFAULT_MAX_SECONDS = 600;

    private final int port;

    MinimalEndpoint(int port) {
        this.port = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> req.body().onComplete(body -> req.response().setStatusCode(204).end()))
                .listen();
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int maxSeconds = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_MAX_SECONDS;
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new MinimalEndpoint(port), new DeploymentOptions().setInstances(instances)).await();
        // Bounded life: never outlives a crashed suite by more than maxSeconds.
        vertx.setTimer(maxSeconds * 1000L, id -> vertx.close().onComplete(done -> System.exit(0)));
        System.out.println(READY + " on 127.0.0.1:" + port);
        System.out.flush();
    }
}
