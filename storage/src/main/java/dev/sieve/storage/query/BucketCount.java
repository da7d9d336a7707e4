package dev.sieve.storage.query;

import java.time.Instant;

/** One shown bucket: its UTC start, the events in it and their distinct users (at least k). */
public record BucketCount(Instant bucket, long events, long users) {
}
