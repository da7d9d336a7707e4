/**
 * The wire formats of the SDKs teams already use (Segment's Tracking API, PostHog's capture API,
 * Snowplow's tracker protocol 2) and browser access (CORS, {@code sendBeacon} bodies, a pixel).
 * Every format decodes into the same {@link dev.sieve.enforcement.event.Event}s as
 * {@code POST /v1/events} and takes the same path:
 * {@link dev.sieve.ingest.pipeline.IngestPipeline#ingest(dev.sieve.ingest.decode.DecodedBatch)}
 * (consent lookup, enforcement, storage), answering in the SDK's own convention only once the
 * stored events are durable.
 *
 * <p>Entry point for the composition root: {@link dev.sieve.ingest.formats.FormatRoutes#mount}.
 * Field mappings, authorisation, limits and status codes per format: {@code docs/formats.md}.
 */
package dev.sieve.ingest.formats;
