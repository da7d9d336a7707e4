package dev.sieve.loadtest.generator;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a non-Vert.x thread on a future, never for longer than a bound. */
public final class Await {
    private Await() {
    }

    public static <T> T of(Future<T> future, int seconds) {
        try {
            return future.await(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + seconds + " s", e);
        }
    }
}
