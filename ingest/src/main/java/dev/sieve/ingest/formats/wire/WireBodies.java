package dev.sieve.ingest.formats.wire;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.decode.BodyEncoding;
import java.util.Arrays;
import java.util.Base64;

/**
 * Undoes the transfer encodings SDKs use (gzip by header or by magic bytes, base64 text),
 * never holding more than the body limit in memory: the native decoder's {@link BodyEncoding}
 * plus base64.
 */
public final class WireBodies {

    private WireBodies() {
    }

    /**
     * The plain body: inflated when {@code Content-Encoding} says gzip or when it starts with the
     * gzip magic bytes (sendBeacon and posthog-js cannot set the header; JSON never starts with 0x1f).
     *
     * @throws SieveException 415 for another encoding, 413 past {@code maxBytes}, 400 for corrupt gzip
     */
    public static byte[] plain(byte[] body, String contentEncoding, int maxBytes) {
        if (body.length > maxBytes) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
        }
        return BodyEncoding.plain(body, contentEncoding, maxBytes);
    }

    public static boolean isGzip(byte[] body) {
        return BodyEncoding.hasGzipMagic(body);
    }

    /** Inflates at most {@code maxBytes + 1} bytes, so a gzip bomb stops at the limit. */
    public static byte[] gunzip(byte[] body, int maxBytes) {
        return BodyEncoding.gunzip(body, maxBytes);
    }

    /**
     * Base64 text in the standard or URL-safe alphabet, padded or not, with line breaks and
     * spaces ignored (a form decoder turns '+' into ' ', which is put back); null if it is not.
     */
    public static byte[] base64(byte[] text) {
        byte[] clean = new byte[text.length];
        int n = 0;
        boolean urlSafe = false;
        for (byte b : text) {
            if (b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            byte c = b == ' ' ? (byte) '+' : b;
            urlSafe |= c == '-' || c == '_';
            clean[n++] = c;
        }
        while (n > 0 && clean[n - 1] == '=') {
            n--;
        }
        try {
            Base64.Decoder decoder = urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder();
            return decoder.decode(Arrays.copyOf(clean, n));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
