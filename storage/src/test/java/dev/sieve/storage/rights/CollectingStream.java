package dev.sieve.storage.rights;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A write stream that keeps what it is given and, like a slow client, reports itself full every
 * {@code fullEvery} writes until it "drains" on a later event-loop turn.
 */
final class CollectingStream implements WriteStream<Buffer> {
    private final Vertx vertx;
    private final int fullEvery;
    private final Buffer all = Buffer.buffer();
    private int writes;
    private boolean full;
    private int drains;
    private Handler<Void> drainHandler;

    CollectingStream(Vertx vertx, int fullEvery) {
        this.vertx = vertx;
        this.fullEvery = fullEvery;
    }

    @Override
    public synchronized Future<Void> write(Buffer data) {
        all.appendBuffer(data);
        if (++writes % fullEvery == 0 && !full) {
            full = true;
            vertx.setTimer(1, id -> drain());
        }
        return Future.succeededFuture();
    }

    private void drain() {
        Handler<Void> handler;
        synchronized (this) {
            full = false;
            drains++;
            handler = drainHandler;
        }
        if (handler != null) {
            handler.handle(null);
        }
    }

    synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String line : all.toString().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    synchronized String text() {
        return all.toString();
    }

    synchronized int drains() {
        return drains;
    }

    @Override
    public synchronized boolean writeQueueFull() {
        return full;
    }

    @Override
    public synchronized WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public Future<Void> end() {
        return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }
}
