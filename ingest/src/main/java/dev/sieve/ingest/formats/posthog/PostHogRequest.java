package dev.sieve.ingest.formats.posthog;

import java.time.Instant;

/**
 * One PostHog capture request as the edge received it.
 *
 * @param body         the POST body (empty for GET)
 * @param queryData    the {@code data} query parameter, already URL-decoded, or null
 * @param querySentAt  the {@code _} query parameter (posthog-js's send time in ms), or null
 */
public record PostHogRequest(byte[] body, String queryData, String querySentAt, String contentType,
                             String contentEncoding, String connectionIp, Instant receivedAt) {
}
