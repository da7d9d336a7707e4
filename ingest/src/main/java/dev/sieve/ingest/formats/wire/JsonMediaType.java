package dev.sieve.ingest.formats.wire;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.util.Locale;

/**
 * The Content-Types a JSON body arrives with from SDKs and browsers: {@code application/json},
 * {@code text/plain} (analytics.js, posthog-js's gzip and {@code navigator.sendBeacon} use it to
 * avoid a CORS preflight) or none at all; a charset other than UTF-8 is refused, not mis-read.
 */
public final class JsonMediaType {
    private JsonMediaType() {
    }

    /** @throws SieveException 415 for any other media type or charset */
    public static void check(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.equals("text/plain")) {
            throw new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json or text/plain");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                String charset = kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "only the UTF-8 charset is supported");
                }
            }
        }
    }

    /** Whether the media type (parameters ignored) is {@code expected}, case-insensitively. */
    public static boolean is(String contentType, String expected) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().equalsIgnoreCase(expected);
    }
}
