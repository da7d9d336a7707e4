package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.sieve.enforcement.consent.Purpose;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.ip.IpLiteral;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decodes the native wire format of {@code POST /v1/events} (DESIGN, "Native wire format") in
 * one pass from body bytes to allow-listed {@link dev.sieve.enforcement.event.Event}s.
 *
 * <p>Problems with the request as a whole throw {@link SieveException}: 415 for an unsupported
 * Content-Type or Content-Encoding, 413 for a body, decompressed body or single event over its
 * limit or too many events, 400 {@code MALFORMED_JSON} for syntax errors (in NDJSON only when
 * they are not confined to one line), 400 {@code INVALID_REQUEST} for no events at all or corrupt
 * gzip. Problems with one event reject only that event, by index, in {@link DecodedBatch}.
 * No message ever contains a value from the body: only field names, indexes, offsets and limits.
 *
 * <p>Immutable and thread-safe; one instance can serve every event loop.
 */
public final class EventDecoder {
    /** Event types whose purpose defaults to diagnostics; every other type defaults to analytics. */
    public static final Map<String, Purpose> DEFAULT_TYPE_PURPOSES = Map.of(
            "error", Purpose.DIAGNOSTICS,
            "crash", Purpose.DIAGNOSTICS,
            "exception", Purpose.DIAGNOSTICS);

    private final DecodeLimits limits;
    private final JsonFactory json;
    private final EventReader reader;

    /**
     * @param typePurposes the purpose of events that do not name one, by type; types not in the
     *                     map get {@link Purpose#ANALYTICS}
     * @param ids          makes the id of events that carry none (tests pass a fixed sequence)
     */
    public EventDecoder(DecodeLimits limits, Map<String, Purpose> typePurposes, Supplier<UUID> ids) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.json = JsonFactory.builder()
                // Property keys are client-chosen: interning them would fill the JVM's string table.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // A hard stop for skipping rejected events; PropertiesReader rejects far earlier.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Math.max(64, limits.maxDepth() + 3))
                        .build())
                .build();
        this.reader = new EventReader(limits, typePurposes, Objects.requireNonNull(ids, "ids"), json);
    }

    /** A decoder with {@link DecodeLimits#defaults()}, {@link #DEFAULT_TYPE_PURPOSES} and random ids. */
    public static EventDecoder withDefaults() {
        return new EventDecoder(DecodeLimits.defaults(), DEFAULT_TYPE_PURPOSES, UUID::randomUUID);
    }

    /**
     * Decodes one request body.
     *
     * @param body            the bytes as received, possibly gzip-compressed
     * @param contentType     the Content-Type header; {@code application/json},
     *                        {@code application/x-ndjson} or {@code text/plain} (as JSON)
     * @param contentEncoding the Content-Encoding header, or null
     * @param connectionIp    the address events without an {@code ip} get, or null; a value that
     *                        is not an IP literal counts as null
     * @param receivedAt      the receive time: every event's {@code receivedAt}, the default
     *                        {@code timestamp}, and the reference for the future-timestamp bound
     * @throws SieveException for problems with the request as a whole (see the class comment)
     */
    public DecodedBatch decode(byte[] body, String contentType, String contentEncoding, String connectionIp,
            Instant receivedAt) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        BodyFormat format = BodyFormat.of(contentType);
        if (body.length > limits.maxBodyBytes()) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the body is larger than " + limits.maxBodyBytes() + " bytes");
        }
        byte[] plain = BodyEncoding.plain(body, contentEncoding, limits.maxBodyBytes());
        BatchReader batch = new BatchReader(json, reader, limits, receivedAt, canonicalIp(connectionIp));
        return format == BodyFormat.NDJSON ? batch.readNdjson(plain) : batch.readJson(plain);
    }

    private static String canonicalIp(String connectionIp) {
        byte[] address = IpLiteral.parse(connectionIp);
        return address == null ? null : IpLiteral.format(address);
    }
}
