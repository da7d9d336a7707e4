package dev.sieve.ingest.formats.segment;

import java.time.Instant;

/**
 * One Segment Tracking API request as the edge received it.
 *
 * @param authorization the Authorization header (Basic with the write key as user), or null
 * @param connectionIp  the client address, used when a message has no {@code context.ip}
 */
public record SegmentRequest(SegmentCall call, byte[] body, String contentType, String contentEncoding,
                             String authorization, String connectionIp, Instant receivedAt) {
}
