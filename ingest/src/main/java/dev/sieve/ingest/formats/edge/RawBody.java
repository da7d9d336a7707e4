package dev.sieve.ingest.formats.edge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body as raw bytes, up to a limit (413 past it, before more is buffered).
 * Unlike vertx-web's {@code BodyHandler}, it never decodes {@code application/x-www-form-urlencoded}
 * bodies as form attributes: posthog-js sends its base64 batches that way, larger than the
 * server's form-attribute limit, and the format decoders read the form themselves.
 */
public final class RawBody implements Handler<RoutingContext> {
    private static final String KEY = "sieve.formats.rawBody";
    private static final byte[] NONE = new byte[0];

    private final long maxBytes;

    public RawBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body {@link RawBody} read for this request; empty when there was none. */
    public static byte[] of(RoutingContext ctx) {
        Buffer body = ctx.get(KEY);
        return body == null ? NONE : body.getBytes();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (declaredLength(req) > maxBytes) {
            ctx.fail(413);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] failed = {false};
        req.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                failed[0] = true;
                ctx.fail(413);
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.exceptionHandler(e -> {
            if (!failed[0]) {
                failed[0] = true;
                ctx.fail(e);
            }
        });
        req.endHandler(v -> {
            if (!failed[0]) {
                ctx.put(KEY, body);
                ctx.next();
            }
        });
        req.resume();
    }

    private static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
