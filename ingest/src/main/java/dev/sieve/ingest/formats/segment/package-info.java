/** Segment's HTTP Tracking API: {@code /v1/track} ... {@code /v1/batch}, {@code /v1/import}, and analytics.js's short paths. */
package dev.sieve.ingest.formats.segment;
