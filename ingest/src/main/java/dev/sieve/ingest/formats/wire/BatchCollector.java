package dev.sieve.ingest.formats.wire;

import dev.sieve.enforcement.error.ErrorCode;
import dev.sieve.enforcement.error.SieveException;
import dev.sieve.enforcement.event.Event;
import dev.sieve.ingest.decode.DecodedBatch;
import dev.sieve.ingest.decode.IndexedEvent;
import dev.sieve.ingest.decode.Rejection;
import dev.sieve.ingest.decode.RejectionCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Gathers one request's events, rejections (by 0-based index) and credentials, in request order. */
public final class BatchCollector {
    private final List<IndexedEvent> events = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final Set<String> credentials = new HashSet<>();
    private boolean missingCredential;
    private int count;

    public void accept(Event event) {
        events.add(new IndexedEvent(count++, event));
    }

    public void reject(WireRejected rejected) {
        reject(rejected.code(), rejected.getMessage());
    }

    public void reject(RejectionCode code, String message) {
        rejections.add(new Rejection(count++, code, message));
    }

    /** Records the credential an event or the request names; null counts as missing. */
    public void credential(String value) {
        if (value == null || value.isEmpty()) {
            missingCredential = true;
        } else {
            credentials.add(value);
        }
    }

    /** @throws SieveException 400 when the request held no event at all */
    public WireBatch finish() {
        if (count == 0) {
            throw new SieveException(ErrorCode.INVALID_REQUEST, "no events");
        }
        return new WireBatch(new DecodedBatch(events, rejections, count), credentials, missingCredential);
    }
}
