/**
 * Decoding of the native wire format of {@code POST /v1/events}: body bytes, Content-Type and
 * Content-Encoding in, allow-listed {@link dev.sieve.enforcement.event.Event}s and per-index
 * {@link dev.sieve.ingest.decode.Rejection}s out, in one streaming pass with Jackson's
 * {@code JsonParser}. Entry point: {@link dev.sieve.ingest.decode.EventDecoder}.
 *
 * <p>Choices that clients can observe:
 * <ul>
 *   <li>An event over {@code maxEventBytes} (measured as sent: its bytes from '{' to '}', or its
 *       NDJSON line) fails the whole request with 413, like an oversize body or too many events,
 *       as DESIGN's "Security" section lists them together; rejecting it by index instead would
 *       let one client make the server parse up to 512 KiB per request for nothing.</li>
 *   <li>Indexes are 0-based positions of events: array elements, or non-blank NDJSON lines
 *       (blank lines are not events and do not count).</li>
 *   <li>Broken syntax fails a JSON request (the rest of an array cannot be found), but only
 *       rejects its own line in NDJSON ({@code malformed_json}).</li>
 *   <li>JSON {@code null} means absent for every optional field.</li>
 *   <li>Messages name fields, indexes, offsets and limits. Keys outside the allow-list at the top
 *       level, in {@code device} and in {@code consent} are echoed (at most 64 characters,
 *       control and format characters removed); keys inside {@code properties} never are.</li>
 * </ul>
 */
package dev.sieve.ingest.decode;
