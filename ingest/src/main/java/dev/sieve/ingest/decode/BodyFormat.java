package dev.sieve.ingest.decode;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;

/** How a body frames its events, chosen by the request's Content-Type. */
enum BodyFormat {
    /** One event object or an array of them. Also for {@code text/plain}, which sendBeacon sends. */
    JSON,
    /** One event object per non-blank line. */
    NDJSON;

    /**
     * The format of a Content-Type such as {@code application/json; charset=utf-8}. Media types
     * compare case-insensitively; a charset parameter other than UTF-8 is refused rather than
     * mis-decoded.
     *
     * @throws SieveException {@link ErrorCode#UNSUPPORTED_MEDIA_TYPE} for anything else, or none
     */
    static BodyFormat of(String contentType) {
        if (contentType == null) {
            throw unsupported();
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        BodyFormat format;
        if (mediaType.equalsIgnoreCase("application/json") || mediaType.equalsIgnoreCase("text/plain")) {
            format = JSON;
        } else if (mediaType.equalsIgnoreCase("application/x-ndjson")) {
            format = NDJSON;
        } else {
            throw unsupported();
        }
        if (semicolon >= 0 && !utf8Parameters(contentType.substring(semicolon + 1))) {
            throw new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "only the UTF-8 charset is supported");
        }
        return format;
    }

    /** Parameters other than charset are ignored; charset must name UTF-8 if present. */
    private static boolean utf8Parameters(String parameters) {
        for (String parameter : parameters.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq < 0 || !parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                continue;
            }
            String value = parameter.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
                return false;
            }
        }
        return true;
    }

    private static SieveException unsupported() {
        return new SieveException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json, application/x-ndjson or text/plain");
    }
}
