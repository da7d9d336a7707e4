package dev.sieve.ingest.formats.wire;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Undoes the transfer encodings SDKs use (gzip by header or by magic bytes, base64 text),
 * never holding more than the body limit in memory. Same rules as the native decoder's
 * {@code BodyEncoding}, which is package-private to {@code decode}.
 */
public final class WireBodies {
    private static final int INITIAL_BUFFER_BYTES = 16 * 1024;

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
        String encoding = contentEncoding == null ? "" : contentEncoding.trim();
        if (encoding.isEmpty() || encoding.equalsIgnoreCase("identity")) {
            return isGzip(body) ? gunzip(body, maxBytes) : body;
        }
        if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
            return gunzip(body, maxBytes);
        }
        throw new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be gzip or identity");
    }

    public static boolean isGzip(byte[] body) {
        return body.length >= 2 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b;
    }

    /** Inflates at most {@code maxBytes + 1} bytes, so a gzip bomb stops at the limit. */
    public static byte[] gunzip(byte[] body, int maxBytes) {
        byte[] out = new byte[Math.min(maxBytes + 1, Math.max(INITIAL_BUFFER_BYTES, body.length * 4))];
        int length = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            int read;
            while ((read = in.read(out, length, out.length - length)) >= 0) {
                length += read;
                if (length > maxBytes) {
                    throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                            "decompressed body is larger than " + maxBytes + " bytes");
                }
                if (length == out.length) {
                    out = Arrays.copyOf(out, Math.min(maxBytes + 1, out.length * 2));
                }
            }
        } catch (IOException e) {
            // The cause is not attached: its message could quote body bytes.
            throw new SieveException(ErrorCode.INVALID_REQUEST, "body is not valid gzip data");
        }
        return Arrays.copyOf(out, length);
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
