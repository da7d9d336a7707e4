package dev.sieve.storage.pg;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The event-loop context a single-threaded component (a sink, a writer) lives on: calls from other
 * threads hop onto it, calls already on it run at once.
 */
public final class OwnerContext {
    private final Context context;

    public OwnerContext(Context context) {
        this.context = context;
    }

    /** Runs {@code work} on the owner's context and completes with its result. */
    public <T> Future<T> call(Supplier<Future<T>> work) {
        if (Vertx.currentContext() == context) {
            return work.get();
        }
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(result));
        return result.future();
    }

    /**
     * Runs {@code action} on the owner's context as a new task, after what the event loop is doing
     * now: the other requests its current turn reads (the event loop reads its sockets first, then
     * runs tasks).
     */
    public void later(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** Runs {@code action} on the owner's context. */
    public void run(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
