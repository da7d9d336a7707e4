package dev.sieve.loadtest.generator;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one phase of HTTP load: deploys one {@link LoadVerticle} per generator event loop, cuts
 * the outcome into one-second intervals on the calling thread, stops sending after warm-up plus
 * measurement (or when {@link #stopSending()} is called), and waits a bounded time for the answers
 * still due.
 */
public final class HttpLoad {
    private final Vertx vertx;
    private final LoadControl control;
    private final PhaseRecorder recorder = new PhaseRecorder();
    private final List<String> deployments = new ArrayList<>();

    private HttpLoad(Vertx vertx, long limit) {
        this.vertx = vertx;
        this.control = new LoadControl(limit);
    }

    /**
     * Starts sending at once.
     *
     * @param loops generator event loops; the connections (and the open model's rate) are split
     *              evenly between them
     */
    public static HttpLoad start(Vertx vertx, LoadTarget target, LoadShape shape, RequestBodies bodies, int loops,
                                 AckListener acks) {
        HttpLoad load = new HttpLoad(vertx, bodies.limit());
        LoadShape share = split(shape, loops);
        try {
            String id = Await.of(vertx.deployVerticle(
                    () -> new LoadVerticle(target, share, bodies, load.recorder, acks, load.control),
                    new DeploymentOptions().setInstances(loops)), 30);
            load.deployments.add(id);
            return load;
        } catch (RuntimeException e) {
            load.recorder.close();
            throw e;
        }
    }

    private static LoadShape split(LoadShape shape, int loops) {
        int connections = Math.max(1, shape.connections() / loops);
        if (shape instanceof LoadShape.Open o) {
            return new LoadShape.Open(o.requestsPerSecond() / loops, connections, o.rampSeconds());
        }
        return new LoadShape.Closed(connections);
    }

    /**
     * Cuts intervals until warm-up and measurement are over (or sending stopped, or the bodies ran
     * out), then stops sending, drains and undeploys. Blocks the calling thread.
     */
    public PhaseRecorder runToEnd(PhaseTiming timing, SuiteClock clock) {
        return runToEnd(timing, clock, () -> { }, () -> { });
    }

    /**
     * As {@link #runToEnd(PhaseTiming, SuiteClock)}, calling {@code measureStarted} when warm-up
     * ends and {@code measureEnded} when measurement ends (on the calling thread; keep them quick).
     */
    public PhaseRecorder runToEnd(PhaseTiming timing, SuiteClock clock, Runnable measureStarted, Runnable measureEnded) {
        long t0 = System.nanoTime();
        int total = timing.warmupSeconds() + timing.measureSeconds();
        if (timing.warmupSeconds() == 0) {
            measureStarted.run();
        }
        boolean measuring = timing.warmupSeconds() == 0;
        for (int k = 1; k <= total && control.sending(); k++) {
            sleepUntil(t0 + TimeUnit.SECONDS.toNanos(k));
            recorder.cut(clock.now(), 1.0, k > timing.warmupSeconds());
            if (k == timing.warmupSeconds()) {
                measureStarted.run();
                measuring = true;
            }
            if (control.exhausted()) {
                break;
            }
        }
        if (measuring) {
            measureEnded.run();
        }
        return finish(timing, clock);
    }

    /** Stops sending new requests (from any thread); {@link #runToEnd} then drains and returns. */
    public void stopSending() {
        control.stopSending();
    }

    /** Every request numbered below this was sent or attempted. */
    public long issued() {
        return control.issued();
    }

    private PhaseRecorder finish(PhaseTiming timing, SuiteClock clock) {
        control.stopSending();
        long drainStart = System.nanoTime();
        long deadline = drainStart + TimeUnit.SECONDS.toNanos(timing.drainSeconds());
        while (control.outstanding() > 0 && System.nanoTime() < deadline) {
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
        }
        recorder.cutDrain(clock.now(), (System.nanoTime() - drainStart) / 1e9);
        for (String id : deployments) {
            Await.of(vertx.undeploy(id), 30);
        }
        return recorder;
    }

    /** Requests still unanswered when the drain ended (counted as neither success nor failure). */
    public int unanswered() {
        return control.outstanding();
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, Duration.ofMillis(50).toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a load phase", e);
            }
        }
    }
}
