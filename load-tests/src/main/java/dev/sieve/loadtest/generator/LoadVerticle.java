package dev.sieve.loadtest.generator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * One event loop of the generator: its own HTTP client and its share of the connections (closed
 * model) or of the rate (open model).
 */
final class LoadVerticle extends VerticleBase {
    private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    private final LoadTarget target;
    private final LoadShape shape;
    private final RequestBodies bodies;
    private final PhaseRecorder recorder;
    private final AckListener acks;
    private final LoadControl control;
    private HttpClientAgent client;
    private RequestOptions options;
    private long timer = -1;
    private long openStart;
    private long openSent;

    LoadVerticle(LoadTarget target, LoadShape shape, RequestBodies bodies, PhaseRecorder recorder, AckListener acks,
                 LoadControl control) {
        this.target = target;
        this.shape = shape;
        this.bodies = bodies;
        this.recorder = recorder;
        this.acks = acks;
        this.control = control;
    }

    @Override
    public Future<?> start() {
        client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setDefaultHost(target.host())
                        .setDefaultPort(target.port()).setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(shape.connections()))
                .build();
        options = new RequestOptions().setMethod(HttpMethod.POST).setURI(target.path())
                .setIdleTimeout(REQUEST_TIMEOUT_MILLIS)
                .putHeader("Content-Type", "application/json");
        if (target.authorization() != null) {
            options.putHeader("Authorization", target.authorization());
        }
        if (bodies.gzip()) {
            options.putHeader("Content-Encoding", "gzip");
        }
        if (shape instanceof LoadShape.Open open) {
            openStart = System.nanoTime();
            OpenSchedule schedule = new OpenSchedule(open.requestsPerSecond(), (long) (open.rampSeconds() * 1e9));
            timer = vertx.setPeriodic(1, id -> sendDue(schedule));
        } else {
            for (int i = 0; i < shape.connections(); i++) {
                sendNext(System.nanoTime());
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return client.close();
    }

    /** Open model: sends every request due by now, each timed from when it was due. */
    private void sendDue(OpenSchedule schedule) {
        long due = schedule.dueBy(System.nanoTime() - openStart);
        while (openSent < due) {
            long intended = openStart + schedule.intendedNanos(openSent);
            openSent++;
            long r = control.claim();
            if (r < 0) {
                return;
            }
            send(r, intended, false);
        }
    }

    private void sendNext(long startNanos) {
        long r = control.claim();
        if (r >= 0) {
            send(r, startNanos, true);
        }
    }

    private void send(long request, long startNanos, boolean closed) {
        Buffer body = bodies.body(request);
        int events = bodies.batchSize();
        int stored = bodies.storedEvents(request);
        recorder.sending(stored);
        client.request(options)
                .compose(req -> req.send(body))
                .compose(LoadVerticle::statusAfterEnd)
                .onComplete(answer -> {
                    long latency = System.nanoTime() - startNanos;
                    control.answered();
                    boolean ok = answer.succeeded() && answer.result() / 100 == 2;
                    if (ok) {
                        recorder.succeeded(latency, events, stored);
                        acks.acked(request);
                    } else {
                        recorder.failed(latency, answer.succeeded() ? Integer.toString(answer.result())
                                : answer.cause().getClass().getSimpleName());
                    }
                    if (closed) {
                        next(ok);
                    }
                });
    }

    private void next(boolean lastSucceeded) {
        if (lastSucceeded) {
            sendNext(System.nanoTime());
        } else {
            // A refused connection fails at once: pace the retry so a dead server is not spun on.
            vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(RETRY_AFTER_FAILURE_NANOS), id -> sendNext(System.nanoTime()));
        }
    }

    private static Future<Integer> statusAfterEnd(HttpClientResponse response) {
        return response.end().map(v -> response.statusCode());
    }
}
