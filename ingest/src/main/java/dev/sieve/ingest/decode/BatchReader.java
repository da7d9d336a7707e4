package dev.sieve.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the events of one request body, collecting accepted events and rejections by index.
 * One instance per request (it accumulates); the event reader and factory it uses are shared.
 */
final class BatchReader {
    private final JsonFactory json;
    private final EventReader reader;
    private final DecodeLimits limits;
    private final Instant receivedAt;
    private final String defaultIp;
    private final List<IndexedEvent> events = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int count;

    BatchReader(JsonFactory json, EventReader reader, DecodeLimits limits, Instant receivedAt, String defaultIp) {
        this.json = json;
        this.reader = reader;
        this.limits = limits;
        this.receivedAt = receivedAt;
        this.defaultIp = defaultIp;
    }

    /** One event object or an array of them. Broken syntax anywhere fails the whole request. */
    DecodedBatch readJson(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readArray(p, body);
            } else if (first == JsonToken.START_OBJECT) {
                readElement(p, body, first);
            } else if (first != null) {
                throw RequestErrors.malformed("the top level must be an object or an array", p.currentTokenLocation());
            }
            if (p.nextToken() != null) {
                throw RequestErrors.malformed("unexpected content after the top-level value", p.currentTokenLocation());
            }
        } catch (StreamConstraintsException e) {
            throw RequestErrors.parserLimits(json);
        } catch (JsonProcessingException e) {
            throw RequestErrors.malformed("the body is not valid JSON", e.getLocation());
        } catch (IOException e) {
            throw new SieveException(ErrorCode.INTERNAL, "could not read the body");
        }
        return finish();
    }

    private void readArray(JsonParser p, byte[] body) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw RequestErrors.malformed("the array is not closed", p.currentLocation());
            }
            readElement(p, body, t);
        }
    }

    /** One event per non-blank line; a line that is not valid JSON rejects only that event. */
    DecodedBatch readNdjson(byte[] body) {
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && isBlank(body[from])) {
                from++;
            }
            while (to > from && isBlank(body[to - 1])) {
                to--;
            }
            if (from < to) {
                readLine(body, from, to);
            }
            start = end + 1;
        }
        return finish();
    }

    private void readLine(byte[] body, int from, int to) {
        int index = nextIndex();
        checkEventSize(index, to - from);
        try (JsonParser p = json.createParser(body, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                reject(index, RejectionCode.NOT_AN_OBJECT, "an event must be a JSON object");
                return;
            }
            IndexedEvent event = new IndexedEvent(index, reader.read(p, body, from, receivedAt, defaultIp));
            if (p.nextToken() != null) {
                reject(index, RejectionCode.MALFORMED_JSON, "unexpected content after the event on its line");
            } else {
                events.add(event);
            }
        } catch (EventRejected r) {
            reject(index, r.code(), r.getMessage());
        } catch (StreamConstraintsException e) {
            throw RequestErrors.parserLimits(json);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getByteOffset());
            reject(index, RejectionCode.MALFORMED_JSON,
                    "the line is not valid JSON (at byte offset " + (from + offset) + ")");
        } catch (IOException e) {
            throw new SieveException(ErrorCode.INTERNAL, "could not read the body");
        }
    }

    /**
     * Reads the array element or top-level object whose first token is {@code first}, leaving
     * the parser on its last token even when the event is rejected.
     */
    private void readElement(JsonParser p, byte[] body, JsonToken first) throws IOException {
        int index = nextIndex();
        long start = p.currentTokenLocation().getByteOffset();
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            p.finishToken(); // so the location below is past a lazily read string
            reject(index, RejectionCode.NOT_AN_OBJECT, "an event must be a JSON object");
        } else {
            int depth = p.getParsingContext().getNestingDepth();
            try {
                events.add(new IndexedEvent(index, reader.read(p, body, 0, receivedAt, defaultIp)));
            } catch (EventRejected r) {
                skipRestOfEvent(p, depth);
                reject(index, r.code(), r.getMessage());
            }
        }
        checkEventSize(index, p.currentLocation().getByteOffset() - start);
    }

    /** A rejection can come from any depth inside the event: read on until its object closes. */
    private static void skipRestOfEvent(JsonParser p, int eventDepth) throws IOException {
        while (p.getParsingContext().getNestingDepth() >= eventDepth) {
            if (p.nextToken() == null) {
                return; // the caller's next read reports the unexpected end
            }
        }
    }

    private int nextIndex() {
        if (count == limits.maxEventsPerBatch()) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "more than " + limits.maxEventsPerBatch() + " events in one request");
        }
        return count++;
    }

    /** An oversize event fails the request with 413, as DESIGN's "Security" section asks. */
    private void checkEventSize(int index, long bytes) {
        if (bytes > limits.maxEventBytes()) {
            throw new SieveException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "event " + index + " is larger than " + limits.maxEventBytes() + " bytes");
        }
    }

    private void reject(int index, RejectionCode code, String message) {
        rejections.add(new Rejection(index, code, message));
    }

    private DecodedBatch finish() {
        if (count == 0) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "no events");
        }
        return new DecodedBatch(events, rejections, count);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
