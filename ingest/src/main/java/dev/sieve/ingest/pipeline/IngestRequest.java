package dev.sieve.ingest.pipeline;

import java.time.Instant;

/** One HTTP request's body and what the edge knows about it. */
public record IngestRequest(byte[] body, String contentType, String contentEncoding, String clientIp,
                            Instant receivedAt) {
}
