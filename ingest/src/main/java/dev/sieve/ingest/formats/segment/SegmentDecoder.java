package dev.sieve.ingest.formats.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.BatchCollector;
import dev.sieve.ingest.formats.wire.ConsentCategories;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.formats.wire.JsonMediaType;
import dev.sieve.ingest.formats.wire.WireBatch;
import dev.sieve.ingest.formats.wire.WireBodies;
import dev.sieve.ingest.formats.wire.WireBody;
import dev.sieve.ingest.formats.wire.WireJson;
import dev.sieve.ingest.formats.wire.WireRejected;
import dev.sieve.ingest.formats.wire.WireValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Decodes Segment HTTP Tracking API requests ({@code /v1/track} ... {@code /v1/batch},
 * {@code /v1/import}, and analytics.js's short paths) into events and the write keys they name.
 *
 * <p>Limits are Sieve's {@code DecodeLimits}, which match Segment's: one message per call up to
 * the per-event limit (32 KB), a batch up to the body limit with each message under the per-event
 * limit; over them is 413 (Segment itself answers 400; its SDKs retry neither). A message Sieve
 * cannot map is rejected by index; the others are still stored. Immutable and thread-safe.
 */
public final class SegmentDecoder {
    private final EventRules rules;
    private final WireJson json;
    private final SegmentMessageReader reader;

    public SegmentDecoder(EventRules rules) {
        this.rules = rules;
        this.json = new WireJson(rules.limits());
        this.reader = new SegmentMessageReader(rules);
    }

    /**
     * @param categories the privacy team's consent-category mapping for this request
     * @throws SieveException 415, 413, 400 for the request as a whole (never quoting it)
     */
    public WireBatch decode(SegmentRequest request, ConsentCategories categories) {
        JsonMediaType.check(request.contentType());
        boolean batch = request.call() == SegmentCall.BATCH;
        int limit = batch ? rules.limits().maxBodyBytes() : rules.limits().maxEventBytes();
        byte[] plain = WireBodies.plain(request.body(), request.contentEncoding(), limit);
        WireBody body = json.read(plain, batch ? "batch" : null);
        if (batch && body.shape() != WireBody.Shape.ENVELOPE) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "a batch must be an object with a 'batch' array");
        }
        if (!batch && body.shape() != WireBody.Shape.SINGLE) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "the body must be one message object");
        }
        Set<String> keys = new HashSet<>();
        addKey(keys, basicUser(request.authorization()));
        ObjectNode envelope = body.envelope();
        addKey(keys, envelope.path("writeKey").textValue());
        addKey(keys, envelope.path("write_key").textValue());
        SegmentMessageReader.Inherited inherited = new SegmentMessageReader.Inherited(
                WireValues.objectOrNull(envelope.get("context")), batchSentAt(envelope),
                request.connectionIp(), request.receivedAt(), categories);

        BatchCollector out = new BatchCollector();
        for (WireBody.Item item : body.items()) {
            JsonNode node = item.node();
            if (!node.isObject()) {
                out.reject(RejectionCode.NOT_AN_OBJECT, "a message must be a JSON object");
                continue;
            }
            addKey(keys, node.path("writeKey").textValue());
            try {
                out.accept(reader.read((ObjectNode) node, request.call(), inherited));
            } catch (WireRejected r) {
                out.reject(r);
            }
        }
        keys.forEach(out::credential);
        return out.finish();
    }

    private static Instant batchSentAt(ObjectNode envelope) {
        try {
            return SegmentMessageReader.time(envelope.get("sentAt"), "sentAt");
        } catch (WireRejected r) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, r.getMessage());
        }
    }

    private static void addKey(Set<String> keys, String key) {
        if (key != null && !key.isEmpty()) {
            keys.add(key);
        }
    }

    /**
     * The user of {@code Authorization: Basic base64(writeKey:)}; Segment documents the colon
     * but accepts its absence. Null for no or another scheme.
     *
     * @throws SieveException 401 for Basic credentials that are not base64
     */
    static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            throw new SieveException(ErrorCode.UNAUTHORIZED, "the Basic credentials are not base64");
        }
    }
}
