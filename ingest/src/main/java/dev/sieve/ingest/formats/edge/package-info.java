/**
 * The HTTP side the formats share: CORS for the ingestion routes, raw bounded bodies, write-key
 * checks against the writer keys, the tracking pixel, and answering once events are durable.
 */
package dev.sieve.ingest.formats.edge;
