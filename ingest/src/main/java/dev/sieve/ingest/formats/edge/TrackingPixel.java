package dev.sieve.ingest.formats.edge;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** The 43-byte transparent 1x1 GIF that pixel endpoints answer with, never cached. */
public final class TrackingPixel {
    private static final byte[] GIF = {
        'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0,           // header, 1x1, 2-colour table
        0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff,                         // colour table: black, white
        0x21, (byte) 0xf9, 4, 1, 0, 0, 0, 0,                                     // colour 0 is transparent
        0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0,                                         // image descriptor
        2, 2, 0x44, 1, 0,                                                        // LZW data: one pixel
        0x3b                                                                     // trailer
    };

    private TrackingPixel() {
    }

    public static int size() {
        return GIF.length;
    }

    public static void send(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", "image/gif")
                .putHeader("Cache-Control", "no-cache, no-store, must-revalidate, private")
                .putHeader("Pragma", "no-cache")
                .putHeader("Expires", "0")
                .end(Buffer.buffer(GIF));
    }
}
