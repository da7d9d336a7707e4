package dev.sieve.ingest.formats.posthog;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.formats.wire.JsonMediaType;
import dev.sieve.ingest.formats.wire.WireBodies;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Finds the JSON in a PostHog capture request, the way PostHog's capture service does: the
 * {@code data} query parameter or the body; inside a form's {@code data} field
 * ({@code application/x-www-form-urlencoded}, posthog-js's base64 mode); gzip recognised by the
 * header or its magic bytes whatever {@code ?compression=} says; base64 recognised because JSON
 * never starts with a base64-only character. Every step is bounded by the body limit.
 */
final class PostHogPayload {
    private static final String FORM = "application/x-www-form-urlencoded";

    private PostHogPayload() {
    }

    /** @throws SieveException 400 for no payload or one that is none of the encodings, 413 past {@code maxBytes} */
    static byte[] json(PostHogRequest request, int maxBytes) {
        byte[] payload;
        if (request.queryData() != null && !request.queryData().isEmpty()) {
            payload = request.queryData().getBytes(StandardCharsets.UTF_8);
        } else if (request.body().length > 0) {
            payload = WireBodies.plain(request.body(), request.contentEncoding(), maxBytes);
            if (JsonMediaType.is(request.contentType(), FORM) || startsWith(payload, "data=")) {
                payload = formData(payload);
            }
        } else {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "no events: the request has no body and no 'data' parameter");
        }
        if (startsJson(payload)) {
            return payload;
        }
        if (WireBodies.isGzip(payload)) {
            return checked(WireBodies.gunzip(payload, maxBytes));
        }
        byte[] decoded = WireBodies.base64(payload);
        if (decoded == null) {
            throw notAPayload();
        }
        return checked(WireBodies.isGzip(decoded) ? WireBodies.gunzip(decoded, maxBytes) : decoded);
    }

    private static byte[] checked(byte[] payload) {
        if (!startsJson(payload)) {
            throw notAPayload();
        }
        return payload;
    }

    private static SieveException notAPayload() {
        return new SieveException(ErrorCode.MALFORMED_JSON, "the payload is not JSON, gzip-compressed JSON or base64 of either");
    }

    private static byte[] formData(byte[] form) {
        String text = new String(form, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("data")) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new SieveException(ErrorCode.INVALID_REQUEST, "the form's 'data' field is not URL-encoded");
                }
            }
        }
        throw new SieveException(ErrorCode.INVALID_REQUEST, "the form has no 'data' field");
    }

    private static boolean startsJson(byte[] payload) {
        for (byte b : payload) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    private static boolean startsWith(byte[] payload, String prefix) {
        if (payload.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (payload[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
