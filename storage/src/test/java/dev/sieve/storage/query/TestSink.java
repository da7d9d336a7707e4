package dev.sieve.storage.query;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A write stream standing in for a slow HTTP client: its queue fills after {@code queueLimit}
 * writes and drains a millisecond later. It counts bytes, newlines and pauses, keeps the last
 * line, and keeps everything only when asked (small exports).
 */
final class TestSink implements WriteStream<Buffer> {
    private final Vertx vertx;
    private final int queueLimit;
    private final ByteArrayOutputStream kept;
    private int queued;
    private Handler<Void> drain;
    private boolean blocked;
    long bytes;
    long lines;
    long pauses;
    String lastLine = "";
    private String partial = "";

    TestSink(Vertx vertx, int queueLimit, boolean keep) {
        this.vertx = vertx;
        this.queueLimit = queueLimit;
        this.kept = keep ? new ByteArrayOutputStream() : null;
    }

    /** A sink whose queue never drains: a reader that stopped reading. */
    static TestSink stuck(Vertx vertx) {
        TestSink sink = new TestSink(vertx, 1, false);
        sink.blocked = true;
        return sink;
    }

    String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Future<Void> write(Buffer data) {
        bytes += data.length();
        if (kept != null) {
            kept.writeBytes(data.getBytes());
        }
        String chunk = partial + data.toString(StandardCharsets.UTF_8);
        int lastNewline = chunk.lastIndexOf('\n');
        if (lastNewline >= 0) {
            lines += chunk.chars().filter(c -> c == '\n').count();
            int previous = chunk.lastIndexOf('\n', lastNewline - 1);
            lastLine = chunk.substring(previous + 1, lastNewline);
            partial = chunk.substring(lastNewline + 1);
        } else {
            partial = chunk;
        }
        queued++;
        if (queued >= queueLimit && !blocked) {
            vertx.setTimer(1, t -> {
                queued = 0;
                Handler<Void> h = drain;
                drain = null;
                if (h != null) {
                    h.handle(null);
                }
            });
        }
        return Future.succeededFuture();
    }

    @Override
    public boolean writeQueueFull() {
        boolean full = queued >= queueLimit;
        if (full) {
            pauses++;
        }
        return full;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        drain = handler;
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
