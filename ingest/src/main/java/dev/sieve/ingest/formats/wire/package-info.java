/**
 * What the foreign formats share when they build events: reading bounded JSON bodies with each
 * event's size ({@link dev.sieve.ingest.formats.wire.WireJson}), undoing gzip and base64
 * ({@link dev.sieve.ingest.formats.wire.WireBodies}), checking each value against the native
 * format's rules ({@link dev.sieve.ingest.formats.wire.EventDraft}), stable ids, clock-skew
 * correction, and the consent-category mapping of the active policy.
 */
package dev.sieve.ingest.formats.wire;
