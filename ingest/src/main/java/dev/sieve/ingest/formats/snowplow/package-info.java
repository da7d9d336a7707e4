/** Snowplow's tracker protocol 2: {@code POST /com.snowplowanalytics.snowplow/tp2} and the {@code GET /i} pixel. */
package dev.sieve.ingest.formats.snowplow;
