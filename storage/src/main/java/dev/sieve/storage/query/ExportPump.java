package dev.sieve.storage.query;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;

/**
 * Moves rows from a cursor to a write stream with back-pressure: encode, write a chunk when it is
 * big enough, and pause the cursor while the write queue is full.
 */
final class ExportPump {
    private final RowStream<Row> rows;
    private final ExportEncoder encoder;
    private final WriteStream<Buffer> out;
    private final int limit;
    private final int chunkBytes;
    private final Promise<ExportSummary> done = Promise.promise();
    private long count;
    private long bytes;
    private Row last;
    private ExportCursor lastCursor;

    ExportPump(RowStream<Row> rows, ExportEncoder encoder, WriteStream<Buffer> out, int limit, int chunkBytes) {
        this.rows = rows;
        this.encoder = encoder;
        this.out = out;
        this.limit = limit;
        this.chunkBytes = chunkBytes;
    }

    Future<ExportSummary> run() {
        rows.exceptionHandler(this::fail);
        rows.endHandler(v -> finish());
        rows.handler(this::row);
        return done.future();
    }

    void cancel() {
        fail(InvalidQuery.because("the export was cancelled: its reader went away"));
    }

    private void row(Row row) {
        if (done.future().isComplete()) {
            return;
        }
        encoder.append(row);
        count++;
        last = row;
        if (encoder.pending() >= chunkBytes) {
            write();
        }
    }

    private void write() {
        Buffer chunk = encoder.take();
        bytes += chunk.length();
        out.write(chunk).onFailure(this::fail);
        if (out.writeQueueFull()) {
            rows.pause();
            out.drainHandler(v -> rows.resume());
        }
    }

    private void finish() {
        if (done.future().isComplete()) {
            return;
        }
        if (last != null) {
            lastCursor = new ExportCursor(last.getOffsetDateTime(1).toInstant(), last.getUUID(0));
        }
        Buffer tail = encoder.take();
        bytes += tail.length();
        if (tail.length() == 0) {
            done.tryComplete(new ExportSummary(count, bytes, lastCursor, count >= limit));
            return;
        }
        out.write(tail).onComplete(v -> done.tryComplete(new ExportSummary(count, bytes, lastCursor, count >= limit)),
                this::fail);
    }

    private void fail(Throwable failure) {
        if (done.tryFail(failure)) {
            rows.close();
        }
    }
}
