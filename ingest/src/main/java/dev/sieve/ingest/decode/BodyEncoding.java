package dev.sieve.ingest.decode;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Undoes the request's Content-Encoding, never holding more than the body limit in memory. The
 * foreign formats use it too ({@code WireBodies}).
 */
public final class BodyEncoding {
    private static final int INITIAL_BUFFER_BYTES = 16 * 1024;

    private BodyEncoding() {
    }

    /**
     * The plain body. gzip is inflated when the header says so, and also when the body starts
     * with the gzip magic bytes and no encoding is named: {@code navigator.sendBeacon} cannot set
     * the header, and a JSON text can never start with byte 0x1f.
     *
     * @throws SieveException 415 for an encoding other than identity or gzip, 413 when the
     *                        inflated body would exceed {@code maxBytes}, 400 for corrupt gzip
     */
    public static byte[] plain(byte[] body, String contentEncoding, int maxBytes) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim();
        if (encoding.isEmpty() || encoding.equalsIgnoreCase("identity")) {
            return hasGzipMagic(body) ? gunzip(body, maxBytes) : body;
        }
        if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
            return gunzip(body, maxBytes);
        }
        throw new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding must be gzip or identity");
    }

    public static boolean hasGzipMagic(byte[] body) {
        return body.length >= 2 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b;
    }

    /** Reads at most {@code maxBytes + 1} bytes, so a gzip bomb stops at the limit. */
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
}
