package dev.sieve.loadtest.generator;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * The body of request number {@code r}: events {@code r * batchSize ...} of an {@link EventIds}
 * sequence, each from template {@code counter % templates}. A request can be rebuilt byte for byte
 * from its number (a client retry after a crash). A batch of one is a bare object, larger batches
 * a JSON array. Thread-safe.
 *
 * <p>gzip bodies are compressed ahead by {@link #prepareGzip} (compression is the clients' work,
 * not this machine's: it would otherwise take CPU from the service under test).
 */
public final class RequestBodies {
    private final List<EventTemplate> templates;
    private final EventIds ids;
    private final int batchSize;
    private final boolean gzip;
    private final int[] storedPrefix;
    private volatile Buffer[] prepared = new Buffer[0];

    public RequestBodies(List<EventTemplate> templates, EventIds ids, int batchSize, boolean gzip) {
        if (batchSize < 1 || templates.isEmpty()) {
            throw new IllegalArgumentException("need templates and a batch size of at least 1");
        }
        this.templates = List.copyOf(templates);
        this.ids = ids;
        this.batchSize = batchSize;
        this.gzip = gzip;
        this.storedPrefix = new int[templates.size() + 1];
        for (int i = 0; i < templates.size(); i++) {
            storedPrefix[i + 1] = storedPrefix[i] + (templates.get(i).stored() ? 1 : 0);
        }
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean gzip() {
        return gzip;
    }

    public EventIds ids() {
        return ids;
    }

    /** How many requests can be sent: all of them when plain, the prepared ones when gzip. */
    public long limit() {
        return gzip ? prepared.length : (EventIds.MAX_COUNTER + 1) / batchSize;
    }

    /** Compresses the bodies of requests {@code 0 .. count - 1} (on every core). */
    public void prepareGzip(int count) {
        if (!gzip) {
            return;
        }
        prepared = IntStream.range(0, count).parallel()
                .mapToObj(r -> Buffer.buffer(compress(plain(r))))
                .toArray(Buffer[]::new);
    }

    public Buffer body(long request) {
        if (gzip) {
            return prepared[(int) request];
        }
        return Buffer.buffer(plain(request));
    }

    /** Events of the request the service should store (the others are dropped for lack of consent). */
    public int storedEvents(long request) {
        long first = request * batchSize;
        int n = templates.size();
        int start = (int) (first % n);
        int stored = 0;
        int remaining = batchSize;
        int at = start;
        while (remaining > 0) {
            int run = Math.min(remaining, n - at);
            stored += storedPrefix[at + run] - storedPrefix[at];
            remaining -= run;
            at = 0;
        }
        return stored;
    }

    /** The counters of the events of request {@code request}. */
    public long firstCounter(long request) {
        return request * batchSize;
    }

    byte[] plain(long request) {
        long first = request * batchSize;
        int n = templates.size();
        int length = batchSize == 1 ? 0 : batchSize + 1;
        for (int i = 0; i < batchSize; i++) {
            length += templates.get((int) ((first + i) % n)).length();
        }
        byte[] out = new byte[length];
        int p = 0;
        if (batchSize > 1) {
            out[p++] = '[';
        }
        for (int i = 0; i < batchSize; i++) {
            if (i > 0) {
                out[p++] = ',';
            }
            p = templates.get((int) ((first + i) % n)).write(ids, first + i, out, p);
        }
        if (batchSize > 1) {
            out[p] = ']';
        }
        return out;
    }

    private static byte[] compress(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
