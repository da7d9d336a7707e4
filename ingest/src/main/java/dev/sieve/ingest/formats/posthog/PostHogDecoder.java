package dev.sieve.ingest.formats.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sieve.ingest.decode.RejectionCode;
import dev.sieve.ingest.formats.wire.BatchCollector;
import dev.sieve.ingest.formats.wire.EventRules;
import dev.sieve.ingest.formats.wire.EventTimes;
import dev.sieve.ingest.formats.wire.WireBatch;
import dev.sieve.ingest.formats.wire.WireBody;
import dev.sieve.ingest.formats.wire.WireJson;
import dev.sieve.ingest.formats.wire.WireRejected;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Decodes PostHog capture requests ({@code /capture/}, {@code /batch/}, {@code /e/},
 * {@code /i/v0/e/}, {@code /track/}) into events and the project tokens they name: an array of
 * events (posthog-js), {@code {"api_key", "batch": [...], "sent_at"}} (server SDKs) or one event,
 * in any of the encodings {@link PostHogPayload} recognises. Immutable and thread-safe.
 */
public final class PostHogDecoder {
    /** posthog-js's {@code ?_=} is in milliseconds; older SDKs sent seconds, which this rejects as before 2020. */
    private static final Instant EARLIEST_SENT_AT = Instant.parse("2020-01-01T00:00:00Z");

    private final EventRules rules;
    private final WireJson json;
    private final PostHogEventReader reader;

    public PostHogDecoder(EventRules rules) {
        this.rules = rules;
        this.json = new WireJson(rules.limits());
        this.reader = new PostHogEventReader(rules);
    }

    /** @throws dev.sieve.enforcement.error.SieveException 413, 415 or 400 for the request as a whole */
    public WireBatch decode(PostHogRequest request) {
        WireBody body = json.read(PostHogPayload.json(request, rules.limits().maxBodyBytes()), "batch");
        ObjectNode envelope = body.envelope();
        Set<String> tokens = new HashSet<>();
        addToken(tokens, envelope.get("api_key"));
        addToken(tokens, envelope.get("token"));
        Instant sentAt = sentAt(envelope.path("sent_at").textValue(), request.querySentAt());

        BatchCollector out = new BatchCollector();
        for (WireBody.Item item : body.items()) {
            JsonNode node = item.node();
            if (!node.isObject()) {
                out.reject(RejectionCode.NOT_AN_OBJECT, "an event must be a JSON object");
                continue;
            }
            addToken(tokens, node.get("token"));
            addToken(tokens, node.get("$token"));
            addToken(tokens, node.get("api_key"));
            addToken(tokens, node.path("properties").get("token"));
            try {
                out.accept(reader.read((ObjectNode) node, sentAt, request.connectionIp(), request.receivedAt()));
            } catch (WireRejected r) {
                out.reject(r);
            }
        }
        tokens.forEach(out::credential);
        return out.finish();
    }

    private static void addToken(Set<String> tokens, JsonNode node) {
        if (node != null && node.isTextual() && !node.textValue().isEmpty()) {
            tokens.add(node.textValue());
        }
    }

    /** The batch's {@code sent_at}, else the {@code _} query parameter; unreadable values are ignored, as PostHog does. */
    private static Instant sentAt(String envelopeSentAt, String queryMillis) {
        Instant fromBody = envelopeSentAt == null ? null : EventTimes.iso(envelopeSentAt);
        if (fromBody != null) {
            return fromBody;
        }
        Instant fromQuery = EventTimes.epochMillis(queryMillis);
        return fromQuery != null && fromQuery.isAfter(EARLIEST_SENT_AT) ? fromQuery : null;
    }
}
