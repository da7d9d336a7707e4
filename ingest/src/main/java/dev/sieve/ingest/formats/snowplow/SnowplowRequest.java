package dev.sieve.ingest.formats.snowplow;

import java.time.Instant;

/**
 * What the edge knows about a Snowplow request besides its events.
 *
 * @param anonymous       the {@code SP-Anonymous} header was sent: capture no IP and no
 *                        network user id at all (server-side anonymisation)
 * @param userAgentHeader the request's User-Agent, for events without {@code ua}
 */
public record SnowplowRequest(boolean anonymous, String connectionIp, String userAgentHeader, Instant receivedAt) {
}
